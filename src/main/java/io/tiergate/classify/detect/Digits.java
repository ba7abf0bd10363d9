package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.Scan;
import io.tiergate.classify.Scan.NumberRun;
import io.tiergate.classify.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs a pattern over small windows around the number runs a detector cares about (a card needs
 * 13 digits or more, a phone 7), handing each match, with its window's offset, to a callback.
 */
final class Digits {

    interface MatchHandler {
        void match(Matcher m, int offset, String slice);
    }

    private Digits() {
    }

    static void scan(Scan scan, Predicate<NumberRun> wanted, int before, int after, Pattern pattern, MatchHandler handler) {
        String text = scan.text();
        for (Window window : windows(scan, wanted, before, after)) {
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

    /** Windows around the wanted runs, {@code before} characters before and {@code after} after each. */
    static List<Window> windows(Scan scan, Predicate<NumberRun> wanted, int before, int after) {
        List<NumberRun> runs = scan.numberRuns();
        int[] starts = new int[runs.size()];
        int count = 0;
        int reach = 0;
        for (NumberRun run : runs) {
            if (wanted.test(run)) {
                starts[count++] = run.start();
                reach = Math.max(reach, run.end() - run.start());
            }
        }
        return count == 0 ? new ArrayList<>() : scan.windowsAround(starts, count, before, after + reach);
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
