package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import io.tiergate.classify.Window;
import java.util.function.BiPredicate;

/**
 * Values assigned to a name, as in {@code password = "..."}, {@code "api_key": "..."},
 * {@code TOKEN=...} or {@code secret => '...'}: the name is matched by an RE2J pattern whose
 * group 1 is the name, the value is read by hand (quoted or bare), and a check decides.
 */
final class Assignments {

    private final Pattern name;
    private final String type;
    private final String detector;
    private final double score;
    private final BiPredicate<String, String> accept;

    /** {@code nameRegex} must match the name and the assignment operator, with the name in group 1. */
    Assignments(String nameRegex, String type, String detector, double score, BiPredicate<String, String> accept) {
        this.name = Pattern.compile(nameRegex + "[\"']?[ \\t]*(?:=>|:=|[:=])[ \\t]*");
        this.type = type;
        this.detector = detector;
        this.score = score;
        this.accept = accept;
    }

    void run(Scan scan, Findings findings) {
        String text = scan.text();
        for (Window window : scan.windowsAroundHits(48, 320)) {
            if (scan.outOfTime()) {
                return;
            }
            String slice = window.of(text);
            Matcher m = name.matcher(slice);
            while (m.find()) {
                int[] value = valueAt(slice, m.end());
                if (value != null) {
                    String v = slice.substring(value[0], value[1]);
                    if (accept.test(m.group(1), v)) {
                        findings.add(type, window.start() + value[0], window.start() + value[1], score, detector);
                    }
                }
            }
        }
    }

    /** The span of the value starting at {@code at}: inside quotes, or up to a delimiter. */
    static int[] valueAt(String s, int at) {
        if (at >= s.length()) {
            return null;
        }
        char q = s.charAt(at);
        if (q == '"' || q == '\'' || q == '`') {
            int close = s.indexOf(q, at + 1);
            int limit = Math.min(s.length(), at + 1 + 256);
            if (close < 0 || close > limit) {
                return null;
            }
            for (int i = at + 1; i < close; i++) {
                if (Character.isWhitespace(s.charAt(i))) {
                    return null;
                }
            }
            return close > at + 1 ? new int[] {at + 1, close} : null;
        }
        int end = at;
        while (end < s.length() && end - at < 256) {
            char c = s.charAt(end);
            if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == ',' || c == ';' || c == ')' || c == '}'
                    || c == ']' || c == '<' || c == '&') {
                break;
            }
            end++;
        }
        return end > at ? new int[] {at, end} : null;
    }
}
