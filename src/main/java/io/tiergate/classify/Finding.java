package io.tiergate.classify;

/**
 * One detected item: its type, its span in the text ({@code start} inclusive, {@code end}
 * exclusive, UTF-16 offsets as in {@link String}), a confidence score and the detector's name.
 * It never holds the detected value itself.
 */
public record Finding(String type, int start, int end, double score, String detector) {
}
