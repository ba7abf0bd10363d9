package io.tiergate.classify;

import io.tiergate.policy.Tier;

/**
 * One detected item: its type, its span in the text ({@code start} inclusive, {@code end}
 * exclusive, UTF-16 offsets as in {@link String}), a confidence score, the detector's name and
 * the tier it gives the text. It never holds the detected value itself.
 */
public record Finding(String type, int start, int end, double score, String detector, Tier tier) {

    /** The same finding moved by {@code offset} characters (for a text classified in pieces). */
    public Finding shifted(int offset) {
        return new Finding(type, start + offset, end + offset, score, detector, tier);
    }

    boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }
}
