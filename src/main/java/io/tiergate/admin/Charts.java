package io.tiergate.admin;

import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-rendered SVG charts for the overview and report pages: the geometry is computed here, the markup is
 * a Qute tag ({@code templates/tags/chart.html}), so every text is escaped and nothing runs in the
 * browser. Each chart carries its numbers as a table too, for screen readers and for copying.
 */
public final class Charts {

    static final int WIDTH = 760;
    static final int HEIGHT = 220;
    private static final int LEFT = 52;
    private static final int RIGHT = 8;
    private static final int TOP = 10;
    private static final int BOTTOM = 30;

    private Charts() {
    }

    /** One series of a stacked column chart: its name, CSS class (colour) and one value per column. */
    @TemplateData
    public record Series(String name, String css, long[] values) {
    }

    /** A chart ready to draw: columns of stacked segments, or horizontal bars, with axes and the data as a table. */
    @TemplateData
    public record Chart(String id, String title, String summary, int width, int height, List<Series> legend,
            List<Rect> rects, List<Label> labels, List<Line> grid, List<String> headers, List<List<String>> rows) {

        public String viewBox() {
            return "0 0 " + width + " " + height;
        }
    }

    /** A filled rectangle and its tooltip. */
    @TemplateData
    public record Rect(String x, String y, String width, String height, String css, String tip) {
    }

    /** A text at a point ({@code anchor}: start, middle, end). */
    @TemplateData
    public record Label(String x, String y, String text, String anchor) {
    }

    /** A horizontal grid line. */
    @TemplateData
    public record Line(String x1, String x2, String y) {
    }

    /**
     * Stacked columns, one per category (its label shown every {@code labelEvery} columns), the
     * series stacked in the given order.
     */
    static Chart stacked(String id, String title, String summary, String categoryName, List<String> categories, int labelEvery,
            List<Series> series) {
        int n = categories.size();
        long max = 1;
        for (int c = 0; c < n; c++) {
            long total = 0;
            for (Series s : series) {
                total += s.values()[c];
            }
            max = Math.max(max, total);
        }
        long top = niceCeiling(max);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double step = plotW / Math.max(1, n);
        double barW = Math.max(1, step * 0.78);
        List<Rect> rects = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        List<Line> grid = axis(top, plotH, labels);
        for (int c = 0; c < n; c++) {
            double x = LEFT + c * step + (step - barW) / 2;
            double base = TOP + plotH;
            for (Series s : series) {
                long v = s.values()[c];
                if (v > 0) {
                    double h = v * plotH / top;
                    base -= h;
                    rects.add(new Rect(f(x), f(base), f(barW), f(h), s.css(), categories.get(c) + ": " + v + " " + s.name()));
                }
            }
            if (c % labelEvery == 0) {
                labels.add(new Label(f(x + barW / 2), f(HEIGHT - 10), categories.get(c), "middle"));
            }
        }
        List<String> headers = new ArrayList<>();
        headers.add(categoryName);
        series.forEach(s -> headers.add(s.name()));
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            List<String> row = new ArrayList<>();
            row.add(categories.get(c));
            for (Series s : series) {
                row.add(Long.toString(s.values()[c]));
            }
            rows.add(row);
        }
        return new Chart(id, title, summary, WIDTH, HEIGHT, series, rects, labels, grid, headers, rows);
    }

    /** Horizontal bars, one per labelled value, largest first as given. */
    static Chart bars(String id, String title, String summary, String nameHeader, List<String> names, List<Long> values, String css,
            String unit) {
        int n = names.size();
        int rowH = 26;
        int labelW = 250;
        int height = Math.max(1, n) * rowH + 8;
        long top = 1;
        for (long v : values) {
            top = Math.max(top, v);
        }
        double plotW = WIDTH - labelW - 70;
        List<Rect> rects = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double y = 4 + i * rowH;
            double w = Math.max(1, values.get(i) * plotW / top);
            rects.add(new Rect(f(labelW), f(y + 3), f(w), f(rowH - 8), css, names.get(i) + ": " + values.get(i) + " " + unit));
            labels.add(new Label(f(labelW - 8), f(y + rowH / 2.0 + 4), names.get(i), "end"));
            labels.add(new Label(f(labelW + w + 6), f(y + rowH / 2.0 + 4), Long.toString(values.get(i)), "start"));
            rows.add(List.of(names.get(i), Long.toString(values.get(i))));
        }
        return new Chart(id, title, summary, WIDTH, height, List.of(), rects, labels, List.of(), List.of(nameHeader, unit), rows);
    }

    /** A mean with its 95 % interval (either bound null when there is none), for {@link #intervals}. */
    record Estimate(String name, double mean, Double low, Double high, long n) {
    }

    /**
     * Horizontal dot-and-whisker rows, one per estimate: the mean as a square, its interval as a
     * line, on a common scale from the smallest bound (or {@code floor}) to the largest (or {@code ceiling}).
     */
    static Chart intervals(String id, String title, String summary, String nameHeader, List<Estimate> estimates, double floor,
            double ceiling) {
        int rowH = 30;
        int labelW = 200;
        int height = Math.max(1, estimates.size()) * rowH + 26;
        double lo = floor;
        double hi = ceiling;
        for (Estimate e : estimates) {
            lo = Math.min(lo, e.low() == null ? e.mean() : e.low());
            hi = Math.max(hi, e.high() == null ? e.mean() : e.high());
        }
        double span = hi - lo == 0 ? 1 : hi - lo;
        double plotW = WIDTH - labelW - 150;
        List<Rect> rects = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < estimates.size(); i++) {
            Estimate e = estimates.get(i);
            double y = 4 + i * rowH + rowH / 2.0;
            double x = labelW + (e.mean() - lo) * plotW / span;
            String interval = e.low() == null ? "no interval" : "95 % interval " + d(e.low()) + " to " + d(e.high());
            if (e.low() != null) {
                double x1 = labelW + (e.low() - lo) * plotW / span;
                double x2 = labelW + (e.high() - lo) * plotW / span;
                rects.add(new Rect(f(x1), f(y - 1), f(Math.max(1, x2 - x1)), "2", "whisker", e.name() + ": " + interval));
            }
            rects.add(new Rect(f(x - 5), f(y - 5), "10", "10", "estimate", e.name() + ": mean " + d(e.mean()) + ", " + interval
                    + ", n = " + e.n()));
            labels.add(new Label(f(labelW - 8), f(y + 4), e.name(), "end"));
            labels.add(new Label(f(labelW + plotW + 10), f(y + 4), d(e.mean()) + (e.low() == null ? "" : " [" + d(e.low()) + ", "
                    + d(e.high()) + "]"), "start"));
            rows.add(List.of(e.name(), d(e.mean()), e.low() == null ? "" : d(e.low()), e.high() == null ? "" : d(e.high()),
                    Long.toString(e.n())));
        }
        labels.add(new Label(f(labelW), f(height - 6), d(lo), "start"));
        labels.add(new Label(f(labelW + plotW), f(height - 6), d(hi), "end"));
        return new Chart(id, title, summary, WIDTH, height, List.of(), rects, labels, List.of(),
                List.of(nameHeader, "mean", "95 % low", "95 % high", "n"), rows);
    }

    /** A fraction or mean as the report pages show it: three decimals. */
    static String d(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    private static List<Line> axis(long top, double plotH, List<Label> labels) {
        List<Line> grid = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            long value = top * i / 4;
            double y = TOP + plotH - plotH * i / 4;
            grid.add(new Line(f(LEFT), f(WIDTH - RIGHT), f(y)));
            labels.add(new Label(f(LEFT - 6), f(y + 4), Long.toString(value), "end"));
        }
        return grid;
    }

    /** The smallest of 1, 2, 4, 5 or 8 times a power of ten (a multiple of 4) at or above {@code value}. */
    static long niceCeiling(long value) {
        long magnitude = 1;
        while (magnitude * 10 < value) {
            magnitude *= 10;
        }
        for (long m : new long[] {1, 2, 4, 5, 8, 10}) {
            long candidate = m * magnitude;
            if (candidate >= value && (candidate % 4 == 0 || candidate < 4)) {
                return Math.max(4, candidate);
            }
        }
        return 10 * magnitude;
    }

    private static String f(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
