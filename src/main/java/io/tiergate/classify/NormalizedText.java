package io.tiergate.classify;

import java.text.Normalizer;

/**
 * The text the detectors read: Unicode NFKC (fullwidth {@code ｓｋ－} becomes {@code sk-}, ligatures
 * and compatibility digits their plain forms) with zero-width and other invisible format characters
 * removed, and for every character of it the span of the original text it came from, so that
 * findings are reported (and redacted) where they sit in what the caller sent.
 *
 * <p>Plain ASCII text, the common case, is used as it is: one pass over its characters, no copy.
 */
final class NormalizedText {

    private final String original;
    private final String text;
    /** For each character of {@link #text}, where in the original its source starts and ends; null when the two are the same. */
    private final int[] sourceStart;
    private final int[] sourceEnd;

    private NormalizedText(String original, String text, int[] sourceStart, int[] sourceEnd) {
        this.original = original;
        this.text = text;
        this.sourceStart = sourceStart;
        this.sourceEnd = sourceEnd;
    }

    static NormalizedText of(String original) {
        int n = original.length();
        int i = 0;
        while (i < n && original.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            return new NormalizedText(original, original, null, null);
        }
        StringBuilder out = new StringBuilder(n);
        int[] starts = new int[n + 16];
        int[] ends = new int[n + 16];
        out.append(original, 0, i);
        for (int k = 0; k < i; k++) {
            starts[k] = k;
            ends[k] = k + 1;
        }
        while (i < n) {
            int segmentStart = i;
            int cp = original.codePointAt(i);
            i += Character.charCount(cp);
            // a base character and the combining marks after it are normalised together
            while (i < n && combining(original.codePointAt(i))) {
                i += Character.charCount(original.codePointAt(i));
            }
            if (invisible(cp) && i == segmentStart + Character.charCount(cp)) {
                continue;
            }
            String segment = original.substring(segmentStart, i);
            String normalized = cp < 0x80 && segment.length() == 1 ? segment : Normalizer.normalize(segment, Normalizer.Form.NFKC);
            for (int k = 0; k < normalized.length(); k++) {
                char c = normalized.charAt(k);
                if (invisible(c)) {
                    continue;
                }
                int at = out.length();
                if (at == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, at * 2);
                    ends = java.util.Arrays.copyOf(ends, at * 2);
                }
                out.append(c);
                starts[at] = segmentStart;
                ends[at] = i;
            }
        }
        return new NormalizedText(original, out.toString(), starts, ends);
    }

    /** What the detectors read. */
    String text() {
        return text;
    }

    /** Whether the detectors read the original itself (nothing to map back). */
    boolean identity() {
        return sourceStart == null;
    }

    /** The finding moved to the span of the original text its characters came from. */
    Finding toOriginal(Finding f) {
        if (sourceStart == null) {
            return f;
        }
        if (f.start() == 0 && f.end() == text.length()) {
            return new Finding(f.type(), 0, original.length(), f.score(), f.detector(), f.tier());
        }
        int start = sourceStart[f.start()];
        int end = sourceEnd[f.end() - 1];
        return new Finding(f.type(), start, end, f.score(), f.detector(), f.tier());
    }

    /** Zero-width spaces and joiners, the word joiner, the byte-order mark, the soft hyphen and other invisible format characters. */
    static boolean invisible(int cp) {
        return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD
                || cp == 0x180E || (cp >= 0x2061 && cp <= 0x2064) || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }

    private static boolean combining(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }
}
