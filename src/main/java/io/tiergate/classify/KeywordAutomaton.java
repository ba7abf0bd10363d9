package io.tiergate.classify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds every occurrence of a set of keywords in a text in one pass, case-insensitively (each
 * UTF-16 unit folded by {@link Character#toLowerCase(char)}, as {@code org.ahocorasick} does with
 * {@code ignoreCase()}), overlapping occurrences included.
 *
 * <p>An Aho-Corasick automaton compiled to a table: the characters of the keywords are numbered
 * (every other character is one class, which leads back to the start), and the failure links are
 * folded into a complete transition table, so reading a character is two array reads and no
 * failure chain is followed at match time. {@code org.ahocorasick} 0.6.3 looks every character up
 * in a {@code HashMap<Character, State>} per state and walks failure links: about ten times slower
 * on prose ({@code KeywordAutomatonBenchmark}). Immutable and thread-safe.
 */
public final class KeywordAutomaton {

    /** Receives one occurrence: where it starts in the text, and which keyword (its index in the constructor's list). */
    @FunctionalInterface
    public interface Occurrence {
        void at(int start, int keyword);
    }

    private final String[] keywords;
    /** The class of every UTF-16 unit after folding (0: in no keyword). */
    private final char[] classOf;
    private final int classes;
    /**
     * {@code next[state + class]}: the state after reading a character of the class. A state is the
     * offset of its row ({@code number × classes}); complemented ({@code ~state}, negative) when
     * keywords end in it.
     */
    private final int[] next;
    private final int[] lengths;
    /** The longest keyword's length: an occurrence ending at {@code i} starts no earlier than {@code i - longest + 1}. */
    private final int longest;
    /** The keywords that end in each state (its own and those of its failure chain), or null. */
    private final int[][] ends;

    /** The automaton of {@code keywords} (duplicates and empty keywords are ignored). */
    public KeywordAutomaton(List<String> keywords) {
        this.keywords = keywords.toArray(String[]::new);
        this.lengths = Arrays.stream(this.keywords).mapToInt(String::length).toArray();
        this.longest = Arrays.stream(lengths).max().orElse(0);
        TreeSet<Character> alphabet = new TreeSet<>();
        for (String keyword : this.keywords) {
            for (int i = 0; i < keyword.length(); i++) {
                alphabet.add(Character.toLowerCase(keyword.charAt(i)));
            }
        }
        if (alphabet.size() >= Character.MAX_VALUE) {
            throw new IllegalArgumentException("too many distinct characters in the keywords");
        }
        Map<Character, Integer> numbers = new HashMap<>();
        for (char c : alphabet) {
            numbers.put(c, numbers.size() + 1);
        }
        this.classes = numbers.size() + 1;
        this.classOf = new char[Character.MAX_VALUE + 1];
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            Integer number = numbers.get(Character.toLowerCase((char) c));
            classOf[c] = number == null ? 0 : (char) number.intValue();
        }

        // the trie: goto[state][class] = child or -1; own[state] = the keywords ending there
        List<int[]> gotoRows = new ArrayList<>();
        List<List<Integer>> own = new ArrayList<>();
        gotoRows.add(emptyRow());
        own.add(new ArrayList<>());
        Map<String, Integer> first = new HashMap<>();
        for (int k = 0; k < this.keywords.length; k++) {
            String keyword = this.keywords[k];
            if (keyword.isEmpty() || first.putIfAbsent(keyword, k) != null) {
                continue;
            }
            int state = 0;
            for (int i = 0; i < keyword.length(); i++) {
                int c = classOf[keyword.charAt(i)];
                if (gotoRows.get(state)[c] < 0) {
                    gotoRows.get(state)[c] = gotoRows.size();
                    gotoRows.add(emptyRow());
                    own.add(new ArrayList<>());
                }
                state = gotoRows.get(state)[c];
            }
            own.get(state).add(k);
        }

        // breadth first: failure links folded into the table, outputs merged along them
        int states = gotoRows.size();
        int[] table = new int[states * classes];
        this.ends = new int[states][];
        int[] fail = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < classes; c++) {
            int child = gotoRows.get(0)[c];
            table[c] = Math.max(child, 0);
            if (child > 0) {
                queue.add(child);
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            List<Integer> out = new ArrayList<>(own.get(state));
            if (ends[fail[state]] != null) {
                for (int k : ends[fail[state]]) {
                    out.add(k);
                }
            }
            ends[state] = out.isEmpty() ? null : out.stream().mapToInt(Integer::intValue).toArray();
            for (int c = 0; c < classes; c++) {
                int child = gotoRows.get(state)[c];
                if (child > 0) {
                    fail[child] = table[fail[state] * classes + c];
                    table[state * classes + c] = child;
                    queue.add(child);
                } else {
                    table[state * classes + c] = table[fail[state] * classes + c];
                }
            }
        }
        this.next = new int[table.length];
        for (int i = 0; i < table.length; i++) {
            int target = table[i];
            next[i] = ends[target] == null ? target * classes : ~(target * classes);
        }
    }

    private int[] emptyRow() {
        int[] row = new int[classes];
        Arrays.fill(row, -1);
        return row;
    }

    /** The keyword of an index given to {@link Occurrence#at}. */
    public String keyword(int index) {
        return keywords[index];
    }

    /**
     * Reports every occurrence of every keyword in {@code text}, in the order of where they end.
     *
     * <p>A longer text is read as two halves in one loop: each step of the automaton waits for the
     * one before (a load of the table), and two independent walks keep the processor busy in those
     * waits. The second walk starts {@code longest - 1} characters before its half, without
     * reporting, so that it is in the state the one walk would be in for every occurrence that ends in
     * its half; those occurrences are kept until the first half's are reported, to keep the order.
     */
    public void occurrences(CharSequence text, Occurrence sink) {
        int n = text.length();
        if (n < INTERLEAVED_FROM) {
            walk(text, sink);
            return;
        }
        final char[] classOf = this.classOf;
        final int[] next = this.next;
        int mid = n / 2;
        int second = 0;
        for (int j = Math.max(0, mid - (longest - 1)); j < mid; j++) {
            second = next[second + classOf[text.charAt(j)]];
            second = second < 0 ? ~second : second; // an occurrence ending before the second half is the first walk's
        }
        int first = 0;
        int[] later = null; // the second walk's occurrences: pairs of (end, state)
        int kept = 0;
        for (int i = 0, j = mid; i < mid; i++, j++) {
            first = next[first + classOf[text.charAt(i)]];
            second = next[second + classOf[text.charAt(j)]];
            if ((first | second) < 0) {
                if (first < 0) {
                    first = ~first;
                    report(i, first, sink);
                }
                if (second < 0) {
                    second = ~second;
                    later = keep(later, kept, j, second);
                    kept += 2;
                }
            }
        }
        for (int j = 2 * mid; j < n; j++) { // the one character left when n is odd
            second = next[second + classOf[text.charAt(j)]];
            if (second < 0) {
                second = ~second;
                later = keep(later, kept, j, second);
                kept += 2;
            }
        }
        for (int k = 0; k < kept; k += 2) {
            report(later[k], later[k + 1], sink);
        }
    }

    /** Texts shorter than this are read in one walk: the second walk's lead and its kept occurrences cost more than they save. */
    static final int INTERLEAVED_FROM = 256;

    /** Reports every occurrence in {@code text} in one walk from its start. */
    void walk(CharSequence text, Occurrence sink) {
        final char[] classOf = this.classOf;
        final int[] next = this.next;
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            state = next[state + classOf[text.charAt(i)]];
            if (state < 0) {
                state = ~state;
                report(i, state, sink);
            }
        }
    }

    private void report(int end, int state, Occurrence sink) {
        for (int k : ends[state / classes]) {
            sink.at(end - lengths[k] + 1, k);
        }
    }

    private static int[] keep(int[] later, int kept, int end, int state) {
        if (later == null) {
            later = new int[16];
        } else if (kept == later.length) {
            later = Arrays.copyOf(later, kept * 2);
        }
        later[kept] = end;
        later[kept + 1] = state;
        return later;
    }
}
