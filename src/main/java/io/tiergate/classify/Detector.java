package io.tiergate.classify;

import java.util.Set;
import java.util.function.Consumer;

/** Finds one kind of sensitive item in text. Implementations are stateless and thread-safe. */
public interface Detector {

    /** Name reported on each finding, e.g. {@code email}. */
    String name();

    /** The finding type it reports, e.g. {@code EMAIL}. */
    String type();

    /**
     * Literal keywords, at least one of which occurs (case-insensitively) in every text this
     * detector can match; the classifier skips the detector when none occurs. Empty: always run.
     */
    Set<String> keywords();

    /** Reports every finding in {@code text}. */
    void detect(String text, Consumer<Finding> findings);
}
