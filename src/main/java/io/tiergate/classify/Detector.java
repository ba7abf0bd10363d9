package io.tiergate.classify;

import java.util.Set;

/**
 * Finds one family of sensitive items in text. Implementations are stateless and thread-safe,
 * and never run a pattern over the whole text: they look at bounded windows the {@link Scan}
 * hands them (around keyword hits, or around number runs), so their work stays linear and checkable
 * against the engine's time budget.
 */
public interface Detector {

    /** Name reported on each finding, e.g. {@code email}. */
    String name();

    /**
     * Literal keywords, at least one of which occurs (case-insensitively) in every text this
     * detector can match; the classifier skips the detector when none occurs, and hands it the
     * positions of the hits. Empty: the detector runs on every text (it finds its own way in,
     * e.g. through {@link Scan#numberRuns()}).
     */
    Set<String> keywords();

    /**
     * Whether the detector runs on every text, its keywords only marking places of interest
     * (e.g. customer-code markers for the source code detector). By default only detectors
     * without keywords do.
     */
    default boolean alwaysRuns() {
        return keywords().isEmpty();
    }

    /** Reports every finding in the scanned text. Returns early when {@link Scan#outOfTime()}. */
    void detect(Scan scan, Findings findings);

    /**
     * How much of the end of {@code text} could still become (part of) a finding of this detector
     * if more text followed: a streamed answer holds that tail back until the next piece decides it
     * (an open {@code -----BEGIN} block, a run of digits that could grow into a card number, ...).
     * {@link Hold#NONE} by default: what this detector cannot find in a prefix it finds in the whole.
     */
    default Hold holdBack(String text) {
        return Hold.NONE;
    }

    /**
     * A longer tail than {@link #holdBack}, held only in streams that ask for it: text that could
     * become a finding of {@link #speculativeHoldType()} although nothing in it announces one yet
     * (any trailing word could be the local part of an e-mail address whose {@code '@'} has not
     * arrived). A stream holds it only where the policy would redact or refuse that type, since it
     * delays every event that ends inside a word. By default the same as {@link #holdBack}.
     */
    default Hold speculativeHoldBack(String text) {
        return holdBack(text);
    }

    /** The finding type {@link #speculativeHoldBack} holds more of than {@link #holdBack}, or null (the default: none). */
    default String speculativeHoldType() {
        return null;
    }

    /** A tail to hold back: its length in characters and the finding type it could become. */
    record Hold(int chars, String type) {
        public static final Hold NONE = new Hold(0, null);
    }
}
