package io.tiergate.classify;

import java.util.List;
import java.util.Locale;

/**
 * One text being classified, as the detectors see it: the text, where the running detector's
 * keywords occur, the number runs, and the time budget. One per classification,
 * used by one thread.
 */
public final class Scan {

    private final String text;
    private final Budget budget;
    private final int[][] hits;
    private final String[][] hitKeywords;
    private final int[] hitCounts;
    private int current;
    private List<NumberRun> numberRuns;
    private java.util.Map<Class<?>, Object> shared;

    Scan(String text, Budget budget, int detectors) {
        this.text = text;
        this.budget = budget;
        this.hits = new int[detectors][];
        this.hitKeywords = new String[detectors][];
        this.hitCounts = new int[detectors];
    }

    public String text() {
        return text;
    }

    /** Whether the time budget is spent; a detector returns as soon as it is. */
    public boolean outOfTime() {
        return budget.exceeded();
    }

    /** Windows around the running detector's keyword hits, from {@code before} characters before each to {@code after} after it. */
    public List<Window> windowsAroundHits(int before, int after) {
        return Window.around(text, hits[current] == null ? new int[0] : hits[current], hitCounts[current], before, after);
    }

    /** Windows around the given positions (for detectors that pick their own places, e.g. number runs). */
    public List<Window> windowsAround(int[] positions, int count, int before, int after) {
        return Window.around(text, positions, count, before, after);
    }

    /** Where the running detector's keywords occur, in order. */
    public int[] hitPositions() {
        int[] positions = hits[current] == null ? new int[0] : java.util.Arrays.copyOf(hits[current], hitCounts[current]);
        java.util.Arrays.sort(positions);
        return positions;
    }

    /**
     * A run of digits with the separators phone numbers, cards and IBANs are written with
     * ({@code 4111 1111 1111 1111}, {@code +44 20 7946 0958}, {@code (650) 253-0000}, {@code 8.8.8.8}):
     * where the run starts and ends, how many digits it holds, and whether it holds anything but digits.
     */
    public record NumberRun(int start, int end, int digits, int dots) {
    }

    /**
     * The number runs of the text (computed once, in one pass, shared by the numeric detectors, which
     * look only at runs of the right size: prose with "3 bullets" or "99th percentile" costs them nothing).
     * Runs are cut at 256 characters, so no detector ever looks at more around one of them.
     */
    public List<NumberRun> numberRuns() {
        if (numberRuns == null) {
            numberRuns = NumberRuns.of(text);
        }
        return numberRuns;
    }

    /** Whether one of {@code words} (lower case) occurs in the {@code distance} characters before {@code position}. */
    public boolean wordBefore(int position, int distance, List<String> words) {
        String before = text.substring(Math.max(0, position - distance), position).toLowerCase(Locale.ROOT);
        for (String word : words) {
            if (before.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * State a detector keeps for this text between its calls (what it already read of the text), one
     * per type, made by {@code make} on first use; shared by the detectors that ask for the same type.
     */
    public <T> T shared(Class<T> type, java.util.function.Supplier<T> make) {
        if (shared == null) {
            shared = new java.util.HashMap<>(4);
        }
        return type.cast(shared.computeIfAbsent(type, k -> make.get()));
    }

    void record(int detector, int position, String keyword) {
        int[] list = hits[detector];
        if (list == null) {
            hits[detector] = new int[4];
            hitKeywords[detector] = new String[4];
        } else if (hitCounts[detector] == list.length) {
            hits[detector] = java.util.Arrays.copyOf(list, list.length * 2);
            hitKeywords[detector] = java.util.Arrays.copyOf(hitKeywords[detector], list.length * 2);
        }
        hits[detector][hitCounts[detector]] = position;
        hitKeywords[detector][hitCounts[detector]++] = keyword;
    }

    /** One occurrence of one of the running detector's keywords (lower case, as declared). */
    public record Hit(int position, String keyword) {
    }

    /** The running detector's keyword occurrences, in order of position. */
    public List<Hit> hits() {
        int count = hitCounts[current];
        List<Hit> list = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new Hit(hits[current][i], hitKeywords[current][i]));
        }
        list.sort(java.util.Comparator.comparingInt(Hit::position));
        return list;
    }

    boolean hasHits(int detector) {
        return hitCounts[detector] > 0;
    }

    void runningDetector(int detector) {
        current = detector;
    }
}
