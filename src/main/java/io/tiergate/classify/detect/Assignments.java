package io.tiergate.classify.detect;

import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Values assigned to a name, as in {@code password = "..."}, {@code "api_key": "..."},
 * {@code TOKEN=...} or {@code secret => '...'}, read by hand around each keyword hit: the name is
 * the identifier the keyword sits in, then an optional quote, an operator and the value (quoted or
 * bare). Also the name/value pairs of environment lists, where the name is itself a value: a
 * Kubernetes container's {@code - name: API_TOKEN} with {@code value: ...} on the next line, an ECS
 * task's {@code {"name": "API_TOKEN", "value": "..."}}, CloudFormation's {@code Name:}/{@code Value:}.
 * No pattern runs over the text; a check on name and value decides.
 */
final class Assignments {

    private final Predicate<String> nameTest;
    private final String type;
    private final String detector;
    private final double score;
    private final BiPredicate<String, String> accept;

    Assignments(Predicate<String> nameTest, String type, String detector, double score, BiPredicate<String, String> accept) {
        this.nameTest = nameTest;
        this.type = type;
        this.detector = detector;
        this.score = score;
        this.accept = accept;
    }

    void run(Scan scan, Findings findings) {
        String text = scan.text();
        Hits.each(scan, at -> assignment(text, at, findings));
    }

    /** The name the hit at {@code at} sits in, the operator after it and the value; reported when both pass. */
    private int assignment(String text, int at, Findings findings) {
        int n = text.length();
        int start = at;
        while (start > 0 && at - start < 64 && nameChar(text.charAt(start - 1))) {
            start--;
        }
        int end = at;
        while (end < n && end - start < 96 && nameChar(text.charAt(end))) {
            end++;
        }
        String name = text.substring(start, end);
        if (!nameTest.test(name.toLowerCase(java.util.Locale.ROOT))) {
            return Hits.NOTHING;
        }
        int i = end;
        if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
            i++;
        }
        i = spaces(text, i);
        if (text.startsWith("=>", i) || text.startsWith(":=", i)) {
            i += 2;
        } else if (i < n && (text.charAt(i) == '=' || text.charAt(i) == ':')) {
            i++;
        } else {
            i = pairedValue(text, start, i);
            if (i < 0) {
                return Hits.NOTHING;
            }
        }
        i = spaces(text, i);
        int[] value = valueAt(text, i);
        if (value == null || !accept.test(name, text.substring(value[0], value[1]))) {
            return Hits.NOTHING;
        }
        findings.add(type, value[0], value[1], score, detector);
        return value[1];
    }

    /**
     * Where the value of a name/value pair starts: the name at {@code start} is the value of a
     * {@code name} key ({@code name: X}, {@code "name": "X"}, {@code Name=X}) and a {@code value} key
     * follows it on the same or the next line ({@code ,} and whitespace between, at most 32
     * characters) with its operator. {@code after} is past the name and its closing quote and spaces.
     * -1 when the text is not such a pair.
     */
    private static int pairedValue(String text, int start, int after) {
        int k = start;
        if (k > 0 && (text.charAt(k - 1) == '"' || text.charAt(k - 1) == '\'')) {
            k--;
        }
        k = spacesBack(text, k);
        if (k == 0 || (text.charAt(k - 1) != ':' && text.charAt(k - 1) != '=')) {
            return -1;
        }
        k = spacesBack(text, k - 1);
        if (k > 0 && (text.charAt(k - 1) == '"' || text.charAt(k - 1) == '\'')) {
            k--;
        }
        if (k < 4 || !text.regionMatches(true, k - 4, "name", 0, 4) || (k > 4 && nameChar(text.charAt(k - 5)))) {
            return -1;
        }
        int i = after;
        int limit = Math.min(text.length(), after + 32);
        boolean comma = false;
        boolean newline = false;
        while (i < limit) {
            char c = text.charAt(i);
            if (c == ',' && !comma && !newline) {
                comma = true;
            } else if (c == '\n' && !newline) {
                newline = true;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                break;
            }
            i++;
        }
        if (i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
            i++;
        }
        if (!text.regionMatches(true, i, "value", 0, 5)) {
            return -1;
        }
        i += 5;
        if (i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
            i++;
        }
        i = spaces(text, i);
        return i < text.length() && (text.charAt(i) == ':' || text.charAt(i) == '=') ? i + 1 : -1;
    }

    private static int spacesBack(String text, int i) {
        int floor = Math.max(0, i - 8);
        while (i > floor && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
        }
        return i;
    }

    private static int spaces(String text, int i) {
        int limit = Math.min(text.length(), i + 8);
        while (i < limit && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean nameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
    }

    /** The span of the value starting at {@code at}: inside quotes, or up to a delimiter; at most 256 characters. */
    static int[] valueAt(String s, int at) {
        if (at >= s.length()) {
            return null;
        }
        char q = s.charAt(at);
        if (q == '"' || q == '\'' || q == '`') {
            int limit = Math.min(s.length(), at + 1 + 256);
            for (int i = at + 1; i < limit; i++) {
                char c = s.charAt(i);
                if (c == q) {
                    return i > at + 1 ? new int[] {at + 1, i} : null;
                }
                if (Character.isWhitespace(c)) {
                    return null;
                }
            }
            return null;
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
