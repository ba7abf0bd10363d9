package io.tiergate.admin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.capture.EvaluationReport;
import io.tiergate.capture.EvaluationReport.Metric;
import io.tiergate.capture.EvaluationReport.Variant;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.LlmRoute;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Evaluation reports in the console, per route: charts (server-rendered SVG with their numbers as
 * tables) and the report's tables. Developers may open these pages too; what each reader sees is
 * the report.read decision's, as in the API: a developer gets no feedback section of a route that
 * may receive Tier 2 content.
 */
@Path(AdminPaths.ROOT + "/reports")
@RolesAllowed({"privacy-approver", "auditor", "developer"})
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ReportPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance reports(AdminPage page, Collection<LlmRoute> routes);

        static native TemplateInstance report(AdminPage page, EvaluationReport.Report report, String from, String to,
                boolean feedbackMasked, List<Charts.Chart> charts, List<VariantRow> variants, List<MetricRow> metrics);
    }

    /** One variant's operational aggregates, formatted. */
    public record VariantRow(String name, boolean baseline, long calls, long errors, String errorRate, String latencyP50,
            String latencyP95, String ttftP50, String ttftP95, long tokensIn, long tokensOut) {
    }

    /** One metric of one variant, formatted, with its comparison to the baseline in words. */
    public record MetricRow(String variant, String metric, String type, long n, String mean, String interval, String versus) {
    }

    @Inject Console console;
    @Inject Catalog catalog;
    @Inject EvaluationReport reports;

    @GET
    public TemplateInstance reports() {
        return Templates.reports(console.page("reports", null), catalog.routes());
    }

    @GET
    @Path("{route}")
    public TemplateInstance report(@RestPath String route, @RestQuery String from, @RestQuery String to) {
        EvaluationReport.Range range = EvaluationReport.Range.parse(from, to, reports.now());
        EvaluationReport.Report report = reports.report(console.identity(), console.meta(), route, range);
        boolean masked = report.masked().contains(EvaluationReport.FEEDBACK);
        List<VariantRow> variants = report.variants().stream().map(ReportPages::row).toList();
        List<MetricRow> metrics = new ArrayList<>();
        if (!masked) {
            report.variants().forEach(v -> v.feedback().forEach(m -> metrics.add(row(v, m))));
        }
        return Templates.report(console.page("reports", null), report, range.from().toString(), range.to().toString(), masked,
                charts(report, masked), variants, metrics);
    }

    private static List<Charts.Chart> charts(EvaluationReport.Report report, boolean masked) {
        List<Charts.Chart> charts = new ArrayList<>();
        List<Variant> variants = report.variants();
        charts.add(Charts.bars("calls", "Calls per variant", variants.stream().map(v -> v.name() + ": " + plural(v.calls(), "call") + ", "
                        + plural(v.errors(), "error")).reduce((a, b) -> a + "; " + b).orElse("No calls.") + ".", "Variant",
                variants.stream().map(Variant::name).toList(), variants.stream().map(Variant::calls).toList(), "calls", "calls"));
        charts.add(percentiles("latency", "Latency per variant, p50 and p95 (ms)", variants, true));
        if (variants.stream().anyMatch(v -> v.ttftMs().n() > 0)) {
            charts.add(percentiles("ttft", "Time to first token per variant, p50 and p95 (ms)", variants, false));
        }
        if (masked) {
            return charts;
        }
        Map<String, List<Charts.Estimate>> byMetric = new LinkedHashMap<>();
        Map<String, String> summaries = new LinkedHashMap<>();
        for (Variant v : variants) {
            for (Metric m : v.feedback()) {
                if (m.mean() == null) {
                    continue;
                }
                byMetric.computeIfAbsent(m.metric(), k -> new ArrayList<>())
                        .add(new Charts.Estimate(v.name(), m.mean(), m.ciLow(), m.ciHigh(), m.n()));
                summaries.merge(m.metric(), v.name() + " " + Charts.d(m.mean()) + " (n = " + m.n() + versus(m) + ")",
                        (a, b) -> a + "; " + b);
            }
        }
        for (Map.Entry<String, List<Charts.Estimate>> e : byMetric.entrySet()) {
            boolean proportion = variants.stream().flatMap(v -> v.feedback().stream())
                    .anyMatch(m -> m.metric().equals(e.getKey()) && "boolean".equals(m.type()));
            charts.add(Charts.intervals("metric-" + e.getKey(), "Feedback: " + e.getKey() + (proportion ? ", share of true" : ", mean")
                            + " with its 95 % interval", "Per variant: " + summaries.get(e.getKey()) + ".", "Variant", e.getValue(),
                    proportion ? 0 : Double.MAX_VALUE, proportion ? 1 : -Double.MAX_VALUE));
        }
        return charts;
    }

    private static Charts.Chart percentiles(String id, String title, List<Variant> variants, boolean latency) {
        List<String> names = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        for (Variant v : variants) {
            EvaluationReport.Percentiles p = latency ? v.latencyMs() : v.ttftMs();
            if (p.p50() == null) {
                continue;
            }
            names.add(v.name() + " p50");
            values.add(Math.round(p.p50()));
            names.add(v.name() + " p95");
            values.add(Math.round(p.p95()));
            summary.append(summary.isEmpty() ? "" : "; ").append(v.name()).append(": p50 ").append(Math.round(p.p50()))
                    .append(" ms, p95 ").append(Math.round(p.p95())).append(" ms");
        }
        return Charts.bars(id, title, summary.isEmpty() ? "No calls." : summary + ".", "Variant and percentile", names, values,
                "latency", "ms");
    }

    private static String versus(Metric m) {
        EvaluationReport.Comparison c = m.versusBaseline();
        if (c == null) {
            return "";
        }
        return ", " + (c.significant() ? "significantly " : "not significantly ") + (c.difference() >= 0 ? "above" : "below")
                + " the baseline, p = " + String.format(java.util.Locale.ROOT, "%.4f", c.pValue());
    }

    private static VariantRow row(Variant v) {
        return new VariantRow(v.name(), v.baseline(), v.calls(), v.errors(),
                v.errorRate() == null ? "" : String.format(java.util.Locale.ROOT, "%.1f %%", 100 * v.errorRate()),
                ms(v.latencyMs().p50()), ms(v.latencyMs().p95()), ms(v.ttftMs().p50()), ms(v.ttftMs().p95()), v.tokensIn(),
                v.tokensOut());
    }

    private static MetricRow row(Variant v, Metric m) {
        String interval = m.ciLow() == null ? "" : Charts.d(m.ciLow()) + " to " + Charts.d(m.ciHigh()) + " (" + m.interval() + ")";
        EvaluationReport.Comparison c = m.versusBaseline();
        String versus = v.baseline() ? "baseline" : c == null ? "not tested (too few values)"
                : (c.difference() >= 0 ? "+" : "") + Charts.d(c.difference()) + ", " + c.test() + " p = "
                        + String.format(java.util.Locale.ROOT, "%.4f", c.pValue()) + (c.significant() ? ", significant" : ", not significant");
        return new MetricRow(v.name(), m.metric(), m.type(), m.n(), m.mean() == null ? "" : Charts.d(m.mean()), interval, versus);
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static String ms(Double value) {
        return value == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
