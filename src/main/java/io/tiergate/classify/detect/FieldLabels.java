package io.tiergate.classify.detect;

import io.tiergate.classify.Scan;
import java.util.Locale;

/**
 * The name of the column a value stands in when the text is a table: a CSV (or semicolon, tab or
 * pipe separated) block whose first line names its columns ({@code name,phone,id_number}). A value
 * in such a row is as clearly labelled as one written after its name ({@code phone: ...}), only the
 * label is lines away. Read by hand, bounded: the block is followed up at most {@link #MAX_LINES}
 * lines and {@link #MAX_CHARS} characters, and every line at most {@link #MAX_LINE} characters.
 */
final class FieldLabels {

    static final int MAX_LINES = 64;
    static final int MAX_CHARS = 16_384;
    static final int MAX_LINE = 2_048;
    private static final String SEPARATORS = ",;\t|";
    private static final int MAX_LABEL = 40;

    private FieldLabels() {
    }

    /**
     * The lower-case name of the column {@code position} stands in, or null: its line is a row of a
     * table (cells divided by one separator, as many as the block's first line), and the block's first
     * line, above it, is a header (every cell a short name: letters first, then letters, digits,
     * spaces, {@code _ - . #}).
     */
    static String columnAt(String text, int position) {
        return columnAt(text, position, new Rows());
    }

    /** {@link #columnAt(String, int)}, remembering the last line looked at in the scan: the numbers of one row share its header. */
    static String columnAt(Scan scan, int position) {
        return columnAt(scan.text(), position, scan.shared(Rows.class, Rows::new));
    }

    /** The row last looked at: its separator, width and the block's first line (-1: none), so that the next value of the row costs its own cells only. */
    static final class Rows {
        private int lineStart = -1;
        private int lineEnd = -1;
        private char separator;
        private int top;
        private int topEnd;
    }

    static String columnAt(String text, int position, Rows rows) {
        int lineStart = text.lastIndexOf('\n', position - 1) + 1;
        if (lineStart == 0 || position - lineStart > MAX_LINE) {
            return null; // the first line is never a row under a header
        }
        // the row read from its start, not from the position: every value of the row then shares one reading of it
        int lineEnd = lineEnd(text, lineStart);
        if (rows.lineStart != lineStart || rows.lineEnd != lineEnd) {
            header(text, lineStart, lineEnd, rows);
        }
        if (rows.separator == 0 || rows.top < 0) {
            return null;
        }
        int column = count(text, lineStart, position, rows.separator);
        return headerCell(text, rows.top, rows.topEnd, rows.separator, column);
    }

    /** The separator of the line {@code [lineStart, lineEnd)} and the first line of its block, into {@code rows}. */
    private static void header(String text, int lineStart, int lineEnd, Rows rows) {
        rows.lineStart = lineStart;
        rows.lineEnd = lineEnd;
        rows.top = -1;
        int[] counts = separatorCounts(text, lineStart, lineEnd);
        char separator = mostFrequent(counts);
        rows.separator = separator;
        if (separator == 0) {
            return;
        }
        int cells = counts[SEPARATORS.indexOf(separator)] + 1; // what count() answers: both count outside quotes
        int at = lineStart;
        for (int lines = 0; lines < MAX_LINES && at > 0 && lineStart - at <= MAX_CHARS; lines++) {
            int prevEnd = at - 1;
            int prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
            if (prevEnd - prevStart > MAX_LINE || count(text, prevStart, prevEnd, separator) + 1 != cells) {
                break;
            }
            rows.top = prevStart;
            rows.topEnd = prevEnd;
            at = prevStart;
        }
    }

    /** The index of the column of the header line {@code [start, end)} that starts at {@code cellStart}, or -1 when the line is no header. */
    static int headerColumn(String text, int lineStart, int lineEnd, int cellStart) {
        char separator = separatorOf(text, lineStart, lineEnd);
        if (separator == 0 || headerCell(text, lineStart, lineEnd, separator, 0) == null) {
            return -1;
        }
        return count(text, lineStart, cellStart, separator);
    }

    /** The separator of a header line, or 0 when the line is none: the one of {@link #SEPARATORS} outside quotes most often, the first of equals. */
    static char separatorOf(String text, int lineStart, int lineEnd) {
        return mostFrequent(separatorCounts(text, lineStart, lineEnd));
    }

    /**
     * How often each of {@link #SEPARATORS} stands outside double quotes in the line, in one pass.
     * Letters and most else are skipped in a loop of their own: as one more turn of the switch's loop
     * they cost ~1.5 ns a character.
     */
    static int[] separatorCounts(String text, int lineStart, int lineEnd) {
        int[] counts = new int[SEPARATORS.length()];
        boolean quoted = false;
        int i = lineStart;
        while (i < lineEnd) {
            while (i < lineEnd && skippable(text.charAt(i))) {
                i++; // a loop of its own, as in NumberRuns: compiled on its own, the skip costs a fraction of a nanosecond per character
            }
            if (i == lineEnd) {
                break;
            }
            char c = text.charAt(i++);
            switch (c) {
                case '"' -> quoted = !quoted;
                case ',' -> counts[0] += quoted ? 0 : 1;
                case ';' -> counts[1] += quoted ? 0 : 1;
                case '\t' -> counts[2] += quoted ? 0 : 1;
                case '|' -> counts[3] += quoted ? 0 : 1;
                default -> {
                }
            }
        }
        return counts;
    }

    /** The quote and the separators below 64, as bits of a mask ({@code |} is the only one above). */
    private static final long QUOTE_OR_SEPARATOR_BELOW_64 = 1L << '"' | 1L << ',' | 1L << ';' | 1L << '\t';

    /**
     * A character that is neither a quote nor a separator. Spaces, digits and full stops are skipped
     * too: a prose line of commas then leaves the skip loop at its commas only, not at every word.
     */
    private static boolean skippable(char c) {
        return c < 64 ? (QUOTE_OR_SEPARATOR_BELOW_64 >>> c & 1) == 0 : c != '|';
    }

    /** The separator counted most often, the first of equals; 0 when none was. */
    private static char mostFrequent(int[] counts) {
        char best = 0;
        int most = 0;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] > most) {
                most = counts[k];
                best = SEPARATORS.charAt(k);
            }
        }
        return best;
    }

    /** The cell {@code column} of the line {@code [start, end)} divided by {@code separator}: {start, end}, or null. */
    static int[] cell(String text, int lineStart, int lineEnd, char separator, int column) {
        int start = lineStart;
        for (int index = 0; ; index++) {
            int at = nextSeparator(text, start, lineEnd, separator);
            if (index == column) {
                return new int[] {start, at};
            }
            if (at == lineEnd) {
                return null;
            }
            start = at + 1;
        }
    }

    /** Where the line holding {@code position} ends (before its line break, and a carriage return). */
    static int lineEnd(String text, int position) {
        int end = text.indexOf('\n', position);
        end = end < 0 ? text.length() : end;
        if (end - position > MAX_LINE) {
            return position + MAX_LINE;
        }
        return end > position && text.charAt(end - 1) == '\r' ? end - 1 : end;
    }

    /** The lower-case name of the header's column, or null when any of the header's cells is no name. */
    private static String headerCell(String text, int start, int end, char separator, int column) {
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        String wanted = null;
        int index = 0;
        int cellStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || text.charAt(i) == separator) {
                String name = label(text, cellStart, i);
                if (name == null) {
                    return null;
                }
                if (index == column) {
                    wanted = name;
                }
                index++;
                cellStart = i + 1;
            }
        }
        return wanted;
    }

    /** A cell that is a column's name (trimmed, unquoted, lower case), or null. */
    private static String label(String text, int start, int end) {
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '"')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '"')) {
            end--;
        }
        if (end == start || end - start > MAX_LABEL || !Character.isLetter(text.charAt(start))) {
            return null;
        }
        int spaces = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == ' ' && ++spaces > 3) {
                return null; // a column's name has a few words, a sentence more
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == ' ' || c == '.' || c == '#')) {
                return null;
            }
        }
        return text.substring(start, end).toLowerCase(Locale.ROOT);
    }

    /** The number of cells of the line {@code [start, end)} divided by {@code separator}. */
    static int cells(String text, int lineStart, int lineEnd, char separator) {
        return count(text, lineStart, lineEnd, separator) + 1;
    }

    /** Separators outside double quotes in {@code [from, to)}, in one pass ({@code from} is outside quotes). */
    private static int count(String text, int from, int to, char separator) {
        int n = 0;
        boolean quoted = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == separator) {
                n += quoted ? 0 : 1;
            } else if (c == '"') {
                quoted = !quoted;
            }
        }
        return n;
    }

    /** The first separator outside double quotes in {@code [from, to)}, or {@code to}; {@code from} is outside quotes. */
    private static int nextSeparator(String text, int from, int to, char separator) {
        boolean quoted = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                return i;
            }
        }
        return to;
    }
}
