package io.tiergate.proxy.answer;

import io.tiergate.classify.Classifier;
import io.tiergate.classify.Detector;
import io.tiergate.classify.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One text of a streamed answer as it grows (a choice's content, its refusal, a tool call's
 * arguments): each piece is classified with what came before it, and everything goes out at once
 * except the tail a detector says could still become a finding ({@link Detector#holdBack}) or a
 * finding that reaches the end (it may still grow). A tail held longer than {@code maxHold}
 * characters is let go as a finding of the type holding it, so that it leaves only as a placeholder
 * (or not at all); the rest of the text then goes the same way. Speculative holds (an open word
 * that could be an e-mail's local part) count only for the types {@link SpeculativeHold} names.
 */
final class HeldText {

    /** Characters of already released text scanned again before each new piece (every detector's reach). */
    static final int CONTEXT = 256;

    private final Classifier classifier;
    private final int maxHold;
    private final SpeculativeHold speculative;
    private final StringBuilder context = new StringBuilder();
    private final StringBuilder pending = new StringBuilder();
    private String swallowedAs;

    HeldText(Classifier classifier, int maxHold, SpeculativeHold speculative) {
        this.classifier = classifier;
        this.maxHold = maxHold;
        this.speculative = speculative;
    }

    /** What may go out now: the text to release and the findings in it (spans in that text). */
    record Release(String text, List<Finding> findings) {
    }

    /** Adds a piece; {@code last} when nothing more will follow (nothing is held then). */
    Release append(String piece, boolean last) {
        if (swallowedAs != null) {
            return new Release("", List.of());
        }
        pending.append(piece);
        if (pending.length() == 0) {
            return new Release("", List.of());
        }
        String window = context.toString() + pending;
        int offset = context.length();
        List<Finding> findings = classifier.classify(window).findings();
        int releaseEnd = window.length();
        if (!last) {
            Detector.Hold hold = hold(window);
            releaseEnd = Math.max(offset, window.length() - hold.chars());
            for (Finding f : findings) {
                if (f.end() >= window.length() && f.start() < releaseEnd) {
                    releaseEnd = Math.max(offset, f.start()); // it may still grow: hold all of it
                }
            }
            if (window.length() - releaseEnd > maxHold) {
                return swallow(hold.type() != null ? hold.type() : findings.get(findings.size() - 1).type());
            }
        }
        List<Finding> released = new ArrayList<>();
        for (Finding f : findings) {
            if (f.end() > offset && f.start() < releaseEnd) {
                int start = Math.max(f.start(), offset) - offset;
                int end = Math.min(f.end(), releaseEnd) - offset;
                released.add(new Finding(f.type(), start, end, f.score(), f.detector(), f.tier()));
            }
        }
        String text = window.substring(offset, releaseEnd);
        context.append(text);
        if (context.length() > CONTEXT) {
            context.delete(0, context.length() - CONTEXT);
        }
        pending.delete(0, releaseEnd - offset);
        return new Release(text, released);
    }

    /**
     * Whether {@link #append} of {@code piece} would wait for the speculative probe: the probe has
     * not answered and a speculative hold would hold more of the text than the plain one. Changes nothing.
     */
    boolean waitsForProbe(String piece, boolean last) {
        if (last || swallowedAs != null || speculative.settled()) {
            return false;
        }
        String window = context.toString() + pending + piece;
        return classifier.holdBack(window, speculative.candidates()).chars() > classifier.holdBack(window).chars();
    }

    /**
     * What to hold of {@code window}'s end: the policy's probe is waited for only when a speculative
     * hold would hold more than the plain one (an event ending inside a word), not for text that ends
     * with a space or a full stop.
     */
    private Detector.Hold hold(String window) {
        Detector.Hold plain = classifier.holdBack(window);
        Detector.Hold longest = classifier.holdBack(window, speculative.candidates());
        if (longest.chars() <= plain.chars()) {
            return plain;
        }
        Set<String> types = speculative.types();
        return types.isEmpty() ? plain : types.equals(speculative.candidates()) ? longest : classifier.holdBack(window, types);
    }

    /** The held tail is too long: it goes as one finding of {@code type}, and so does everything after it. */
    private Release swallow(String type) {
        swallowedAs = type;
        String text = pending.toString();
        pending.setLength(0);
        return new Release(text, List.of(new Finding(type, 0, text.length(), 1.0, "stream-hold",
                io.tiergate.policy.Tier.TIER_2)));
    }

    /** Characters held back right now. */
    int held() {
        return pending.length();
    }
}
