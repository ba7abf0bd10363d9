package io.tiergate.classify;

import io.tiergate.classify.Scan.NumberRun;
import java.util.ArrayList;
import java.util.List;

/** Finds the number runs of a text in one pass over its characters, without patterns. */
final class NumberRuns {

    static final int MAX_LENGTH = 256;

    private NumberRuns() {
    }

    static List<NumberRun> of(String text) {
        List<NumberRun> runs = new ArrayList<>();
        int n = text.length(); // read in place: a copy of the text would be most of what a clean text allocates
        int i = 0;
        while (i < n) {
            while (i < n && !digit(text.charAt(i))) {
                i++; // a loop of its own: compiled on its own, the skip costs a fraction of a nanosecond per character
            }
            if (i == n) {
                break;
            }
            int start = i;
            if (start > 0 && (text.charAt(start - 1) == '+' || text.charAt(start - 1) == '(')) {
                start--;
            }
            int digits = 0;
            int dots = 0;
            int end = i;
            int j = i;
            while (j < n && j - start < MAX_LENGTH) {
                char c = text.charAt(j);
                if (digit(c)) {
                    digits++;
                    end = ++j;
                } else if (separator(c) && j + 1 < n && digit(text.charAt(j + 1))) {
                    dots += c == '.' ? 1 : 0;
                    j++;
                } else if (separator(c) && j + 2 < n && separator(text.charAt(j + 1)) && digit(text.charAt(j + 2))) {
                    j += 2;
                } else {
                    break;
                }
            }
            if (end < n && text.charAt(end) == ')') {
                end++;
            }
            boolean insideWord = digits <= 2 && start > 0 && Character.isLowerCase(text.charAt(start - 1))
                    && end < n && Character.isLetter(text.charAt(end));
            if (!insideWord) { // a1B2c3 in a token is no number; DE89 in an IBAN is kept (upper case before it)
                runs.add(new NumberRun(start, end, digits, dots));
            }
            i = Math.max(j, end);
        }
        return runs;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/';
    }
}
