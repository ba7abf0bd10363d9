package io.tiergate.classify.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Rule}'s pattern read by hand when it has the shape most token rules have: an optional
 * {@code \b}, then, as group 1, literals (alternatives of them, {@code (?:ghp|gho)_}, {@code do[opr]_},
 * {@code (?:pub)?key-}) and one run of a character class ({@code [A-Za-z0-9]{36}}, {@code {20,64}},
 * {@code {43,}}, {@code +}), then nothing, {@code \b} or {@code (?:[^...]|$)}. RE2J's NFA costs
 * ~100 ns a character of the slice, and most of a rule's time is spent on slices that hold a token;
 * the hand reading answers RE2J's {@code find()} exactly (leftmost match, alternatives in order,
 * the run greedy and given back for the boundary, ASCII {@code \b}, the slice's ends as the text's),
 * which {@code TokenShapeTest} checks against RE2J for every rule of the shape. A pattern of any
 * other shape gets no {@code TokenShape} and runs in RE2J.
 */
final class TokenShape {

    /** What must follow the run. */
    private enum End { NOTHING, WORD_BOUNDARY, NOT_IN_CLASS_OR_END }

    private final boolean boundaryBefore;
    private final String[] prefixes;
    private final boolean[] body;
    private final int min;
    private final int max;
    private final End end;
    private final boolean[] endClass;
    /** The first character of every prefix, when they share it (the common case), else 0. */
    private final char sharedFirst;

    private TokenShape(boolean boundaryBefore, List<String> prefixes, boolean[] body, int min, int max, End end, boolean[] endClass) {
        this.boundaryBefore = boundaryBefore;
        this.prefixes = prefixes.toArray(String[]::new);
        this.body = body;
        this.min = min;
        this.max = max;
        this.end = end;
        this.endClass = endClass;
        char first = this.prefixes[0].charAt(0);
        for (String prefix : this.prefixes) {
            first = prefix.charAt(0) == first ? first : 0;
        }
        this.sharedFirst = first;
    }

    /** The literals a match starts with, in the order they are tried. */
    List<String> prefixes() {
        return List.of(prefixes);
    }

    /** The fewest characters of the body's class a match holds. */
    int min() {
        return min;
    }

    /** The most characters of the body's class a match holds ({@link Integer#MAX_VALUE}: no limit). */
    int max() {
        return max;
    }

    /** The shape of {@code regex}, or null when it has another. */
    static TokenShape of(String regex) {
        try {
            return new Reader(regex).shape();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The next match in {@code [lo, hi)} (read as the whole text, as RE2J reads a slice) that starts at
     * {@code from} or later: {@code found[0]} and {@code found[1]} get group 1's bounds, and the end of
     * the whole match (where RE2J's next {@code find()} starts) is returned; -1 when there is none.
     */
    int find(String text, int from, int lo, int hi, int[] found) {
        for (int p = from; p < hi; p++) {
            char c = text.charAt(p);
            if (sharedFirst != 0 ? c != sharedFirst : !startsSome(c)) {
                continue;
            }
            if (boundaryBefore && isWord(text, p - 1, lo, hi) == isWord(text, p, lo, hi)) {
                continue;
            }
            for (String prefix : prefixes) {
                int bodyStart = p + prefix.length();
                if (bodyStart > hi || !text.startsWith(prefix, p)) {
                    continue;
                }
                int limit = (int) Math.min(hi, (long) bodyStart + max);
                int run = bodyStart;
                while (run < limit && inClass(body, text.charAt(run))) {
                    run++;
                }
                for (int e = run; e - bodyStart >= min; e--) {
                    int matchEnd = endsAt(text, e, lo, hi);
                    if (matchEnd >= 0) {
                        found[0] = p;
                        found[1] = e;
                        return matchEnd;
                    }
                }
            }
        }
        return -1;
    }

    /** Where the whole match ends when group 1 ends at {@code e}, or -1 when what follows refuses it. */
    private int endsAt(String text, int e, int lo, int hi) {
        switch (end) {
            case NOTHING:
                return e;
            case WORD_BOUNDARY:
                return isWord(text, e - 1, lo, hi) != isWord(text, e, lo, hi) ? e : -1;
            default:
                if (e == hi) {
                    return e;
                }
                char c = text.charAt(e);
                if (inClass(endClass, c)) {
                    return -1;
                }
                // RE2J reads code points: a surrogate pair is one character of the negated class
                return Character.isHighSurrogate(c) && e + 1 < hi && Character.isLowSurrogate(text.charAt(e + 1)) ? e + 2 : e + 1;
        }
    }

    private boolean startsSome(char c) {
        for (String prefix : prefixes) {
            if (prefix.charAt(0) == c) {
                return true;
            }
        }
        return false;
    }

    private static boolean inClass(boolean[] set, char c) {
        return c < 128 && set[c];
    }

    /** RE2J's {@code \b} word character (ASCII letters, digits, {@code _}); nothing outside {@code [lo, hi)}. */
    private static boolean isWord(String text, int i, int lo, int hi) {
        if (i < lo || i >= hi) {
            return false;
        }
        return Texts.isAsciiWordChar(text.charAt(i));
    }

    /** Reads a pattern of the shape, throwing IllegalArgumentException at anything else. */
    private static final class Reader {
        private final String regex;
        private int at;

        Reader(String regex) {
            this.regex = regex;
        }

        TokenShape shape() {
            boolean boundaryBefore = take("\\b");
            expect("(");
            if (peek() == '?') {
                throw new IllegalArgumentException("a group 1 that is not the first group");
            }
            List<String> prefixes = new ArrayList<>(List.of(""));
            while (true) {
                if (take("(?:")) {
                    List<String> alternatives = new ArrayList<>();
                    do {
                        alternatives.add(literal());
                    } while (take("|"));
                    expect(")");
                    if (take("?")) {
                        alternatives.add(""); // greedy: with the group first, then without it
                    }
                    prefixes = product(prefixes, alternatives);
                } else if (peek() == '[') {
                    int classStart = at;
                    boolean[] set = charClass();
                    if (quantifierAhead()) {
                        at = classStart;
                        break;
                    }
                    List<String> alternatives = new ArrayList<>();
                    for (char c = 0; c < 128; c++) {
                        if (set[c]) {
                            alternatives.add(String.valueOf(c));
                        }
                    }
                    prefixes = product(prefixes, alternatives);
                } else {
                    String literal = literal();
                    if (literal.isEmpty()) {
                        throw new IllegalArgumentException("no literal at " + at);
                    }
                    prefixes = product(prefixes, List.of(literal));
                }
            }
            if (prefixes.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("a match that may start without a literal");
            }
            boolean[] body = charClass();
            int min;
            int max;
            if (take("+")) {
                min = 1;
                max = Integer.MAX_VALUE;
            } else {
                expect("{");
                min = number();
                max = take(",") ? (peek() == '}' ? Integer.MAX_VALUE : number()) : min;
                expect("}");
            }
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("a count of " + min + " to " + max);
            }
            expect(")");
            End end;
            boolean[] endClass = null;
            if (at == regex.length()) {
                end = End.NOTHING;
            } else if (take("\\b")) {
                end = End.WORD_BOUNDARY;
            } else {
                expect("(?:[^");
                endClass = classBody();
                expect("|$)");
                end = End.NOT_IN_CLASS_OR_END;
            }
            if (at != regex.length()) {
                throw new IllegalArgumentException("more after the end at " + at);
            }
            return new TokenShape(boundaryBefore, prefixes, body, min, max, end, endClass);
        }

        private static List<String> product(List<String> heads, List<String> tails) {
            List<String> all = new ArrayList<>();
            for (String head : heads) {
                for (String tail : tails) {
                    all.add(head + tail);
                }
            }
            return all;
        }

        /** Letters, digits and the punctuation the rules write as literals ({@code _ - : /}, escaped {@code . -}). */
        private String literal() {
            StringBuilder out = new StringBuilder();
            while (at < regex.length()) {
                char c = regex.charAt(at);
                if (c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == ':' || c == '/')) {
                    out.append(c);
                    at++;
                } else if (c == '\\' && at + 1 < regex.length() && (regex.charAt(at + 1) == '.' || regex.charAt(at + 1) == '-')) {
                    out.append(regex.charAt(at + 1));
                    at += 2;
                } else {
                    break;
                }
            }
            if (at < regex.length() && "?*+{".indexOf(regex.charAt(at)) >= 0) {
                throw new IllegalArgumentException("a quantified literal at " + at);
            }
            return out.toString();
        }

        private boolean[] charClass() {
            expect("[");
            if (peek() == '^') {
                throw new IllegalArgumentException("a negated class at " + at);
            }
            return classBody();
        }

        /** The class after its {@code [} (and {@code ^}): ranges and single ASCII characters, up to its {@code ]}. */
        private boolean[] classBody() {
            boolean[] set = new boolean[128];
            boolean any = false;
            while (peek() != ']') {
                char from = classChar();
                char to = from;
                if (peek() == '-' && at + 1 < regex.length() && regex.charAt(at + 1) != ']') {
                    at++;
                    to = classChar();
                }
                if (to < from) {
                    throw new IllegalArgumentException("a backward range at " + at);
                }
                for (char c = from; c <= to; c++) {
                    set[c] = true;
                    any = true;
                }
            }
            at++;
            if (!any) {
                throw new IllegalArgumentException("an empty class");
            }
            return set;
        }

        private char classChar() {
            char c = peek();
            at++;
            if (c == '\\') {
                char escaped = peek();
                at++;
                if ("-./+_=~".indexOf(escaped) < 0) {
                    throw new IllegalArgumentException("an escape \\" + escaped); // \d, \s, \w and the like are classes of their own
                }
                return escaped;
            }
            if (c >= 128 || c == '[' || c == '^' || c == '&') {
                throw new IllegalArgumentException("a character class this reader does not know at " + at);
            }
            return c;
        }

        private boolean quantifierAhead() {
            return at < regex.length() && "?*+{".indexOf(regex.charAt(at)) >= 0;
        }

        private int number() {
            int start = at;
            while (at < regex.length() && Character.isDigit(regex.charAt(at))) {
                at++;
            }
            if (start == at || at - start > 6) {
                throw new IllegalArgumentException("no count at " + start);
            }
            return Integer.parseInt(regex, start, at, 10);
        }

        private char peek() {
            if (at >= regex.length()) {
                throw new IllegalArgumentException("the end of the pattern");
            }
            return regex.charAt(at);
        }

        private boolean take(String literal) {
            if (regex.startsWith(literal, at)) {
                at += literal.length();
                return true;
            }
            return false;
        }

        private void expect(String literal) {
            if (!take(literal)) {
                throw new IllegalArgumentException("expected " + literal + " at " + at);
            }
        }
    }
}
