package io.tiergate.classify;

import java.util.List;
import java.util.Locale;

/**
 * One text being classified, as the detectors see it: the text, where the running detector's
 * keywords occur, the windows around digits, and the time budget. One per classification,
 * used by one thread.
 */
public final class Scan {

    private final String text;
    private final Budget budget;
    private final int[][] hits;
    private final int[] hitCounts;
    private int current;
    private List<Window> digitWindows;

    Scan(String text, Budget budget, int detectors) {
        this.text = text;
        this.budget = budget;
        this.hits = new int[detectors][];
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

    /** Where the running detector's keywords occur, in order. */
    public int[] hitPositions() {
        int[] positions = hits[current] == null ? new int[0] : java.util.Arrays.copyOf(hits[current], hitCounts[current]);
        java.util.Arrays.sort(positions);
        return positions;
    }

    /** Windows around the digits of the text (computed once, shared by the numeric detectors). */
    public List<Window> digitWindows() {
        if (digitWindows == null) {
            digitWindows = Window.aroundDigits(text, 48, 120);
        }
        return digitWindows;
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

    void record(int detector, int position) {
        int[] list = hits[detector];
        if (list == null) {
            list = hits[detector] = new int[4];
        } else if (hitCounts[detector] == list.length) {
            list = hits[detector] = java.util.Arrays.copyOf(list, list.length * 2);
        }
        list[hitCounts[detector]++] = position;
    }

    boolean hasHits(int detector) {
        return hitCounts[detector] > 0;
    }

    void runningDetector(int detector) {
        current = detector;
    }
}
