package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import io.tiergate.policy.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Program source, fenced ({@code ```}) or not. Unfenced code is found line by line, without
 * patterns: each line scores signals of code (ends in {@code ;}, <code>{</code> or <code>}</code>, starts with a
 * keyword, operators, calls, assignments, indentation inside a block) and loses them when it reads
 * as prose; runs of code lines become one span whose confidence grows with its length.
 * A customer-code marker (package prefix, repository name, licence header) inside a span or just
 * before it makes the span Tier 2; a marker outside any code is reported on its own (the marker and the rest of its word), Tier 2.
 */
public final class SourceCodeDetector extends NamedDetector {

    private static final Set<String> KEYWORDS = Set.of("import", "from", "package", "def", "class", "public", "private",
            "protected", "static", "final", "return", "const", "let", "var", "function", "func", "fn", "if", "elif", "else",
            "for", "while", "switch", "case", "try", "except", "catch", "finally", "raise", "throw", "yield", "async",
            "await", "using", "namespace", "#include", "#define", "#import", "#!", "struct", "enum", "interface", "impl",
            "pub", "mod", "use", "val", "int", "void", "char", "bool", "with", "assert", "print", "echo", "export",
            "module", "require", "do", "end", "begin", "lambda", "new", "delete", "go", "defer", "type", "typedef",
            "template", "override", "abstract", "extends", "implements", "self", "this", "super", "local", "set", "unset");
    private static final Set<String> SQL = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "WITH");
    private static final String[] OPERATORS = {"==", "!=", "=>", "->", "::", "&&", "||", "+=", "-=", ":=", "<=", ">=", "++", "();", "){", "[]"};
    /** The first characters of {@link #OPERATORS}, by character. */
    private static final boolean[] OPERATOR_START = new boolean[128];
    /** The characters a signal of a line's symbol pass starts with: the first characters of operators, and the counted symbols. */
    private static final boolean[] SIGNAL_START = new boolean[128];
    /** What {@link #signals} answers for a line that reads as prose. */
    private static final int READS_AS_PROSE = -1;

    static {
        for (String op : OPERATORS) {
            OPERATOR_START[op.charAt(0)] = true;
            SIGNAL_START[op.charAt(0)] = true;
        }
        for (char c : "{}[]();=<>".toCharArray()) {
            SIGNAL_START[c] = true;
        }
    }

    private final List<String> markers;
    private final double minScore;

    /** Its keywords are the customer-code markers: places of interest, not a condition to run. */
    public SourceCodeDetector(List<String> markers, double minScore) {
        super("source-code", Set.copyOf(markers));
        this.markers = List.copyOf(markers);
        this.minScore = minScore;
    }

    @Override
    public boolean alwaysRuns() {
        return true;
    }

    /** A span of code found, before markers are applied. */
    private record Span(int start, int end, double score, String detector) {
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        List<Span> spans = new ArrayList<>();
        Block block = new Block();
        boolean inFence = false;
        int fenceContent = 0;
        int lines = 0;
        for (int lineStart = 0; lineStart < text.length(); ) {
            if ((++lines & 255) == 0 && scan.outOfTime()) {
                return;
            }
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            int ts = lineStart;
            while (ts < lineEnd && (text.charAt(ts) == ' ' || text.charAt(ts) == '\t')) {
                ts++;
            }
            int te = lineEnd;
            while (te > ts && Character.isWhitespace(text.charAt(te - 1))) {
                te--;
            }
            if (text.startsWith("```", ts) || text.startsWith("~~~", ts)) {
                if (inFence) {
                    if (lineStart > fenceContent) {
                        spans.add(new Span(fenceContent, lineStart - 1, 0.95, "fenced-code"));
                    }
                } else {
                    block.close(spans, minScore);
                    fenceContent = Math.min(text.length(), lineEnd + 1);
                }
                inFence = !inFence;
            } else if (!inFence) {
                if (ts == te) {
                    block.blank();
                } else {
                    int signals = signals(text, ts, te, ts > lineStart && block.open());
                    int strength = Math.max(signals, 0);
                    if (strength >= 2) {
                        block.code(lineStart, ts, te, strength);
                    } else if (strength == 1 && block.open()) {
                        block.weak(te);
                    } else {
                        block.other(spans, minScore, signals == READS_AS_PROSE);
                    }
                }
            }
            lineStart = lineEnd + 1;
        }
        if (inFence && fenceContent < text.length()) {
            spans.add(new Span(fenceContent, text.length(), 0.9, "fenced-code"));
        }
        block.close(spans, minScore);
        report(scan, text, spans, findings);
    }

    private void report(Scan scan, String text, List<Span> spans, Findings findings) {
        int[] hits = scan.hitPositions();
        boolean[] customer = new boolean[spans.size()];
        int[] starts = new int[spans.size()];
        for (int i = 0; i < spans.size(); i++) {
            starts[i] = spans.get(i).start();
        }
        List<int[]> loneMarkers = new ArrayList<>();
        for (int hit : hits) {
            boolean inSpan = false;
            for (int i = 0; i < spans.size(); i++) {
                Span s = spans.get(i);
                if (hit < s.end() && hit >= s.start() - 200) {
                    customer[i] = true;
                    starts[i] = Math.min(starts[i], lineStart(text, hit));
                    inSpan = true;
                }
            }
            if (!inSpan) {
                loneMarkers.add(new int[] {hit, markerEnd(text, hit)});
            }
        }
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            if (customer[i]) {
                findings.add(FindingTypes.SOURCE_CODE, starts[i], s.end(), Math.max(0.9, s.score()), "customer-code", Tier.TIER_2);
            } else {
                findings.add(FindingTypes.SOURCE_CODE, s.start(), s.end(), s.score(), s.detector());
            }
        }
        int lastEnd = -1;
        for (int[] marker : loneMarkers) {
            if (marker[0] >= lastEnd) {
                findings.add(FindingTypes.SOURCE_CODE, marker[0], marker[1], 0.9, "customer-code-marker", Tier.TIER_2);
                lastEnd = marker[1];
            }
        }
    }

    /** The end of the marker at {@code hit}, taken on to the end of the word it ends in ({@code com.acme.} + {@code billing}). */
    private int markerEnd(String text, int hit) {
        int end = hit + 1;
        for (String marker : markers) {
            if (text.regionMatches(true, hit, marker, 0, marker.length())) {
                end = Math.max(end, hit + marker.length());
            }
        }
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && ",;\"')".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    private static int lineStart(String text, int at) {
        return text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
    }

    /** Signals of code in one line (trimmed to {@code [ts, te)}); 0 for a line that reads as prose. */
    static int strength(String text, int ts, int te, boolean indentedInBlock) {
        return Math.max(signals(text, ts, te, indentedInBlock), 0);
    }

    /**
     * {@link #strength}, or {@link #READS_AS_PROSE} when the line was found to read as prose: the caller
     * needs that answer too, and the prose test is a pass over the line's first 512 characters.
     */
    private static int signals(String text, int ts, int te, boolean indentedInBlock) {
        int s = 0;
        char last = text.charAt(te - 1);
        if (last == ';' || last == '{' || last == '}') {
            s += 2;
        }
        int wordEnd = ts;
        while (wordEnd < te && !Character.isWhitespace(text.charAt(wordEnd)) && text.charAt(wordEnd) != '(') {
            wordEnd++;
        }
        String first = text.substring(ts, wordEnd);
        int importAt = first.equals("from") ? text.indexOf(" import ", wordEnd) : -1;
        // "from" starts code only as Python's "from x import y"; in prose it starts sentences
        boolean keyword = KEYWORDS.contains(first) && (!first.equals("from") || importAt >= 0 && importAt < te);
        if (keyword || first.startsWith("@") && first.length() > 1 && Character.isLetter(first.charAt(1))) {
            s += 1;
            if (last == ':' || last == ')' || last == '{') {
                s += 1;
            }
        } else if (SQL.contains(first.toUpperCase(Locale.ROOT)) && first.equals(first.toUpperCase(Locale.ROOT))) {
            s += 2;
        }
        boolean quoted = first.startsWith("\"") || first.startsWith("'");
        if (last == ',' && (quoted || first.startsWith("0x"))) {
            s += 2; // an entry of a data literal: "name": value, or 0x0023: 0x0023,
        } else if (quoted && first.length() > 2 && first.equals(text.substring(ts, te)) && first.charAt(first.length() - 1) == first.charAt(0)) {
            s += 1; // a lone string literal: an import path in a block
        }
        if (text.startsWith("//", ts) || text.startsWith("/*", ts) || text.startsWith("*/", ts)) {
            s += 1;
        }
        // a line's first 512 characters tell code from prose; minified code is code from its first line on
        int end = Math.min(te, ts + 512);
        int symbols = 0;
        boolean operator = false;
        boolean call = false;
        boolean assignment = false;
        for (int i = ts; i < end; i++) {
            char c = text.charAt(i);
            if (c >= SIGNAL_START.length || !SIGNAL_START[c]) {
                continue; // letters, digits, spaces: no signal starts with them
            }
            operator = operator || operatorAt(text, i, end);
            switch (c) {
                case '{', '}', '[', ']', '(', ')', ';', '=', '<', '>' -> symbols++;
                default -> {
                }
            }
            if (c == '(' && i > ts && Texts.isWordChar(text.charAt(i - 1))) {
                call = true;
            }
            if (c == '=' && i > ts && i + 1 < end && text.charAt(i + 1) != '=' && "=!<>".indexOf(text.charAt(i - 1)) < 0
                    && noSpaceInFirstToken(text.substring(ts, i))) {
                assignment = true;
            }
        }
        s += (operator ? 1 : 0) + (call ? 1 : 0) + (assignment ? 1 : 0) + (symbols * 12 > end - ts ? 1 : 0) + (indentedInBlock ? 1 : 0);
        if (s < 3 && proseLike(text, ts, te)) {
            return READS_AS_PROSE;
        }
        return s;
    }

    /** Whether one of {@link #OPERATORS} starts at {@code i} and ends by {@code end} (read in the line's one pass, not one pass per operator). */
    static boolean operatorAt(String text, int i, int end) {
        char c = text.charAt(i);
        if (c >= OPERATOR_START.length || !OPERATOR_START[c]) {
            return false;
        }
        for (String op : OPERATORS) {
            if (i + op.length() <= end && text.startsWith(op, i)) {
                return true;
            }
        }
        return false;
    }

    /** {@code x = 1}, {@code self.name = n}: one token, then the assignment. */
    private static boolean noSpaceInFirstToken(String beforeEquals) {
        String lhs = beforeEquals.trim();
        return !lhs.isEmpty() && lhs.indexOf(' ') < 0 || lhs.startsWith("let ") || lhs.startsWith("var ")
                || lhs.startsWith("const ") || lhs.split(" ").length == 2;
    }

    /** Mostly words, and ends like a sentence. */
    static boolean proseLike(String text, int ts, int lineEnd) {
        char last = text.charAt(lineEnd - 1);
        int te = Math.min(lineEnd, ts + 512);
        Texts.Tally tally = Texts.tally(text, ts, te);
        int letters = tally.letters();
        int spaces = tally.spaces();
        int length = te - ts;
        boolean sentenceEnd = last == '.' || last == '?' || last == '!' || last == '"' || last == ')' || last == ':';
        return spaces >= 4 && (letters + spaces) * 100 >= length * 88 && (sentenceEnd || spaces >= 8);
    }

    /** A run of code lines being assembled. */
    private static final class Block {
        int start = -1;
        int end;
        int codeLines;
        int weakLines;
        int strengthSum;
        int blanks;
        int others;

        boolean open() {
            return start >= 0;
        }

        void code(int lineStart, int ts, int te, int strength) {
            if (start < 0) {
                start = ts;
            }
            end = te;
            codeLines++;
            strengthSum += strength;
            blanks = 0;
            others = 0;
        }

        void weak(int te) {
            end = te;
            weakLines++;
            blanks = 0;
        }

        void blank() {
            if (start >= 0) {
                blanks++;
            }
        }

        void other(List<Span> spans, double minScore, boolean prose) {
            if (start < 0) {
                return;
            }
            others++;
            if (prose || others >= 2 || blanks >= 2) {
                close(spans, minScore);
            }
        }

        void close(List<Span> spans, double minScore) {
            if (start >= 0) {
                double score = codeLines == 1
                        ? (strengthSum >= 4 ? 0.6 : strengthSum == 3 ? 0.5 : 0.35)
                        : Math.min(0.99, 0.35 + 0.2 * codeLines + 0.05 * weakLines);
                if (score >= minScore) {
                    spans.add(new Span(start, end, score, "source-code"));
                }
            }
            start = -1;
            codeLines = 0;
            weakLines = 0;
            strengthSum = 0;
            blanks = 0;
            others = 0;
        }
    }
}
