package io.tiergate.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bounded stretch of the text a detector looks at, {@code [start, end)}. Windows are widened
 * to whitespace so that a pattern's word boundaries mean the same inside as in the whole text,
 * and never grow past a maximum length, so no pattern ever runs over more than that.
 */
public record Window(int start, int end) {

    /** Longest window; hits closer together than their margins are merged up to this length. */
    static final int MAX_LENGTH = 4096;
    /** How far a window is widened, at most, to reach whitespace. */
    private static final int WIDEN = 32;

    /** The window's text. */
    public String of(String text) {
        return text.substring(start, end);
    }

    /** Windows around the given positions: {@code before} characters before each, {@code after} after it. */
    static List<Window> around(String text, int[] positions, int count, int before, int after) {
        int[] sorted = Arrays.copyOf(positions, count);
        Arrays.sort(sorted);
        Builder builder = new Builder(text);
        for (int p : sorted) {
            builder.add(p - before, p + after);
        }
        return builder.windows();
    }

    /** Merges overlapping stretches into windows of at most {@link #MAX_LENGTH}. */
    private static final class Builder {
        private final String text;
        private final List<Window> windows = new ArrayList<>();
        private int start = -1;
        private int end = -1;

        Builder(String text) {
            this.text = text;
        }

        void add(int from, int to) {
            int s = Math.max(0, from);
            int e = Math.min(text.length(), to);
            if (start >= 0 && s <= end && Math.max(e, end) - start <= MAX_LENGTH) {
                end = Math.max(end, e);
                return;
            }
            if (start >= 0 && s <= end && e <= end) {
                return; // already covered
            }
            flush();
            start = s;
            end = e;
        }

        List<Window> windows() {
            flush();
            return windows;
        }

        private void flush() {
            if (start < 0) {
                return;
            }
            int s = start;
            int limit = Math.max(0, start - WIDEN);
            while (s > limit && !Character.isWhitespace(text.charAt(s - 1))) {
                s--;
            }
            int e = end;
            int stop = Math.min(text.length(), end + WIDEN);
            while (e < stop && !Character.isWhitespace(text.charAt(e))) {
                e++;
            }
            windows.add(new Window(s, e));
            start = -1;
        }
    }
}
