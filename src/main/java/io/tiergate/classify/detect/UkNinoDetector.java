package io.tiergate.classify.detect;

import com.google.re2j.Pattern;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import io.tiergate.classify.Window;
import java.util.Set;

/**
 * UK National Insurance numbers ({@code QQ 12 34 56 C}): two prefix letters from the allowed
 * sets (never BG, GB, KN, NK, NT, TN, ZZ), six digits, a suffix A to D; spaced or compact.
 */
public final class UkNinoDetector extends NamedDetector {

    /** The candidate's definition; read by hand ({@link #find}), which is tested against it. */
    static final Pattern CANDIDATE = Pattern.compile(
            "\\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\\d{2}) ?(\\d{2}) ?(\\d{2}) ?([A-D])\\b");
    private static final Set<String> NEVER_ISSUED = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

    public UkNinoDetector() {
        super("uk-nino");
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        for (Window window : Digits.windows(scan, run -> run.digits() == 6 && run.dots() == 0, 4, 4)) {
            if (scan.outOfTime()) {
                return;
            }
            for (int at = window.start(), end; (end = find(text, at, window.start(), window.end())) >= 0; at = end) {
                int start = matchStart(text, end);
                if (!NEVER_ISSUED.contains(text.substring(start, start + 2))) {
                    findings.add(FindingTypes.UK_NINO, start, end, 0.95, name());
                }
            }
        }
    }

    /**
     * Where the next match of {@link #CANDIDATE} in {@code [lo, hi)} (read as the whole text, as RE2J
     * reads a window) from {@code from} on ends, or -1. Each optional space is taken when it is there
     * (a digit or the suffix letter follows it, never a space), so a match is read in one pass.
     */
    static int find(String text, int from, int lo, int hi) {
        for (int p = from; p + 8 <= hi; p++) {
            if (!prefixLetter(text.charAt(p), false) || (p > lo && Texts.isAsciiWordChar(text.charAt(p - 1)))) {
                continue;
            }
            int i = p + 1;
            if (!prefixLetter(text.charAt(i++), true)) {
                continue;
            }
            boolean ok = true;
            for (int pair = 0; pair < 3 && ok; pair++) {
                i = i < hi && text.charAt(i) == ' ' ? i + 1 : i;
                ok = i + 2 <= hi && digit(text.charAt(i)) && digit(text.charAt(i + 1));
                i += 2;
            }
            if (!ok) {
                continue;
            }
            i = i < hi && text.charAt(i) == ' ' ? i + 1 : i;
            if (i < hi && text.charAt(i) >= 'A' && text.charAt(i) <= 'D' && (i + 1 == hi || !Texts.isAsciiWordChar(text.charAt(i + 1)))) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Where the match that ends at {@code end} starts: nine letters and digits back, with the spaces among them. */
    static int matchStart(String text, int end) {
        int start = end;
        for (int chars = 0; chars < 9; start--) {
            chars += text.charAt(start - 1) == ' ' ? 0 : 1;
        }
        return start;
    }

    /** {@code [A-CEGHJ-PR-TW-Z]}, or for the second letter {@code [A-CEGHJ-NPR-TW-Z]}. */
    private static boolean prefixLetter(char c, boolean second) {
        return c >= 'A' && c <= 'Z' && c != 'D' && c != 'F' && c != 'I' && c != 'Q' && c != 'U' && c != 'V' && !(second && c == 'O');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
