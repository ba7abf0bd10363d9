package io.tiergate.classify.detect;

/**
 * What follows a street ({@link StreetAddressDetector#TAIL}: a direction, an apartment, a city with a
 * state and ZIP code or a UK postcode) read by hand. RE2J's {@code lookingAt} of the tail was half
 * of the detector's time on text with addresses; this reading ends where it ends, which
 * {@code StreetTailTest} checks on random and real text. Every part of the pattern but the city's
 * word count and the postcode's optional character is forced by the character that follows it
 * (a run of letters or blanks can only be taken whole), so only those two are tried both ways, in
 * the pattern's order.
 */
final class StreetTail {

    private StreetTail() {
    }

    /** Where the tail starting at {@code from} ends, reading no further than {@code hi} (the end of RE2J's slice). */
    static int end(String text, int from, int hi) {
        int at = direction(text, from, hi);
        at = apartment(text, at, hi);
        int city = cityAndCode(text, at, hi);
        return city >= 0 ? city : at;
    }

    /** {@code (?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b)?} */
    private static int direction(String text, int at, int hi) {
        int i = blanks(text, at, hi);
        if (i == at || i >= hi) {
            return at;
        }
        char c = text.charAt(i);
        if (c != 'N' && c != 'S' && c != 'E' && c != 'W') {
            return at;
        }
        if (!isWord(text, i + 1, hi)) {
            return i + 1; // N, S, E or W alone
        }
        char d = text.charAt(i + 1);
        if ((c == 'N' || c == 'S') && (d == 'E' || d == 'W') && !isWord(text, i + 2, hi)) {
            return i + 2;
        }
        return at;
    }

    /** {@code (?:,?[ \t]+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|#)[ \t]*[A-Za-z0-9\-]{1,6})?} */
    private static int apartment(String text, int at, int hi) {
        int i = at < hi && text.charAt(at) == ',' ? at + 1 : at;
        int word = blanks(text, i, hi);
        if (word == i) {
            return at;
        }
        int after = -1;
        for (String name : new String[] {"Apt", "Apartment", "Suite", "Ste", "Unit", "Flat", "#"}) {
            if (text.startsWith(name, word) && word + name.length() <= hi) {
                after = word + name.length();
                if ((name.equals("Apt") || name.equals("Ste")) && after < hi && text.charAt(after) == '.') {
                    after++; // the dot is taken when there is one: without it the number would have to start with a dot
                }
                break;
            }
        }
        if (after < 0) {
            return at;
        }
        int number = blanks(text, after, hi);
        int end = number;
        while (end < hi && end - number < 6 && unitChar(text.charAt(end))) {
            end++;
        }
        return end > number ? end : at;
    }

    /**
     * {@code (?:,?[ \t]*\n?[ \t]*(?:WORD[ \t]+){0,3}WORD,?[ \t\n]+(?:[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}))?},
     * or -1 when it is not there.
     */
    private static int cityAndCode(String text, int at, int hi) {
        int i = at < hi && text.charAt(at) == ',' ? at + 1 : at;
        i = blanks(text, i, hi);
        if (i < hi && text.charAt(i) == '\n') {
            i = blanks(text, i + 1, hi);
        }
        // the words a city may have: each one's start and end; the blanks between are taken whole
        int[] ends = new int[4];
        int words = 0;
        int start = i;
        while (words < 4) {
            int end = word(text, start, hi);
            if (end < 0) {
                break;
            }
            ends[words++] = end;
            int next = blanks(text, end, hi);
            if (next == end) {
                break;
            }
            start = next;
        }
        for (int last = words - 1; last >= 0; last--) { // {0,3} is greedy: the most words first
            int j = ends[last];
            if (j < hi && text.charAt(j) == ',') {
                j++;
            }
            int code = j;
            while (code < hi && (text.charAt(code) == ' ' || text.charAt(code) == '\t' || text.charAt(code) == '\n')) {
                code++;
            }
            if (code == j) {
                continue;
            }
            int end = usStateAndZip(text, code, hi);
            if (end < 0) {
                end = ukPostcode(text, code, hi);
            }
            if (end >= 0) {
                return end;
            }
        }
        return -1;
    }

    /** {@code [A-Z]{2}[ \t]+\d{5}(?:-\d{4})?} */
    private static int usStateAndZip(String text, int at, int hi) {
        if (!upper(text, at, hi) || !upper(text, at + 1, hi)) {
            return -1;
        }
        int i = blanks(text, at + 2, hi);
        if (i == at + 2 || digits(text, i, hi) < 5) {
            return -1;
        }
        i += 5;
        return i < hi && text.charAt(i) == '-' && digits(text, i + 1, hi) >= 4 ? i + 5 : i;
    }

    /** {@code [A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}} */
    private static int ukPostcode(String text, int at, int hi) {
        if (!upper(text, at, hi)) {
            return -1;
        }
        int i = upper(text, at + 1, hi) ? at + 2 : at + 1;
        if (!digit(text, i, hi)) {
            return -1;
        }
        i++;
        if (upper(text, i, hi) || digit(text, i, hi)) {
            int end = inwardCode(text, i + 1, hi);
            if (end >= 0) {
                return end;
            }
        }
        return inwardCode(text, i, hi);
    }

    /** {@code [ \t]*\d[A-Z]{2}} */
    private static int inwardCode(String text, int at, int hi) {
        int i = blanks(text, at, hi);
        return digit(text, i, hi) && upper(text, i + 1, hi) && upper(text, i + 2, hi) ? i + 3 : -1;
    }

    /** {@code [A-Z][A-Za-z'\-]*\.?}: where the word starting at {@code at} ends, or -1. */
    private static int word(String text, int at, int hi) {
        if (!upper(text, at, hi)) {
            return -1;
        }
        int i = at + 1;
        while (i < hi) {
            char c = text.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '\'' || c == '-')) {
                break;
            }
            i++;
        }
        return i < hi && text.charAt(i) == '.' ? i + 1 : i;
    }

    private static int blanks(String text, int at, int hi) {
        int i = at;
        while (i < hi && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int digits(String text, int at, int hi) {
        int i = at;
        while (i < hi && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i - at;
    }

    private static boolean upper(String text, int i, int hi) {
        return i < hi && text.charAt(i) >= 'A' && text.charAt(i) <= 'Z';
    }

    private static boolean digit(String text, int i, int hi) {
        return i < hi && text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }

    private static boolean unitChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    /** RE2J's {@code \b} word character; nothing at or past {@code hi}. */
    private static boolean isWord(String text, int i, int hi) {
        if (i >= hi) {
            return false;
        }
        char c = text.charAt(i);
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
