package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.Scan;
import io.tiergate.classify.Window;

/** Runs a pattern over the windows around digits, handing each match (with absolute offsets) to a callback. */
final class Digits {

    interface MatchHandler {
        void match(Matcher m, int offset, String slice);
    }

    private Digits() {
    }

    static void scan(Scan scan, Pattern pattern, MatchHandler handler) {
        String text = scan.text();
        for (Window window : scan.digitWindows()) {
            if (scan.outOfTime()) {
                return;
            }
            String slice = window.of(text);
            Matcher m = pattern.matcher(slice);
            while (m.find()) {
                handler.match(m, window.start(), slice);
            }
        }
    }

    /** The digits of {@code s}, without separators. */
    static String only(String s) {
        StringBuilder digits = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }
}
