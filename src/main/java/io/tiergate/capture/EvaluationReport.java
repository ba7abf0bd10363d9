package io.tiergate.capture;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.capture.CaptureConfig.MetricConfig;
import io.tiergate.capture.CaptureConfig.MetricType;
import io.tiergate.capture.ReportStatistics.Interval;
import io.tiergate.capture.ReportStatistics.Sample;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.LlmRoute;
import io.tiergate.gate.Enforcer;
import io.tiergate.gate.Enforcer.Access;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.Decision.ObligationKind;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A route's evaluation report (docs/EVALUATION.md): per variant, calls, error rate, latency and time
 * to first token percentiles, tokens, and each feedback metric's mean with its 95 % interval and its
 * test against the baseline variant. Reading it is a {@code report.read} decision; the sections the
 * policy masks ({@code mask_fields}: {@code feedback}) are neither queried nor shown.
 */
@ApplicationScoped
public class EvaluationReport {

    /** The longest range one report covers. */
    public static final Duration MAX_RANGE = Duration.ofDays(93);
    /** The range when none is given: the last week. */
    public static final Duration DEFAULT_RANGE = Duration.ofDays(7);
    /** The report section a policy may mask. */
    public static final String FEEDBACK = "feedback";
    /** The name a capture without a variant is reported under: the calls of a route without variants. */
    static final String DEFAULT_BASELINE = "baseline";

    @Inject AgroalDataSource dataSource;
    @Inject Catalog catalog;
    @Inject Enforcer enforcer;
    @Inject CaptureConfig config;
    @Inject Clock clock;

    /** The half-open range [from, to) a report covers. */
    public record Range(Instant from, Instant to) {

        /** {@code from} and {@code to} as ISO-8601 instants; either may be absent (to: now; from: a week before to). */
        public static Range parse(String from, String to, Instant now) {
            Instant end = to == null || to.isBlank() ? now : instant("to", to);
            Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_RANGE) : instant("from", from);
            if (!start.isBefore(end)) {
                throw BadRequestProblem.invalidField("invalid_range", "from must be before to.", "from", "must be before to");
            }
            if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
                throw BadRequestProblem.invalidField("invalid_range", "A report covers at most " + MAX_RANGE.toDays() + " days.",
                        "from", "at most " + MAX_RANGE.toDays() + " days before to");
            }
            return new Range(start, end);
        }

        private static Instant instant(String field, String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw BadRequestProblem.invalidField("invalid_range", field + " must be an ISO-8601 instant, e.g. "
                        + "2026-12-01T00:00:00Z.", field, "not an ISO-8601 instant");
            }
        }
    }

    /** A route's report over a range, as the reader may see it. */
    public record Report(String route, @JsonProperty("route_tier") int routeTier, Instant from, Instant to,
            @Schema(description = "The variant the others are compared with; captures without a variant count as it")
            String baseline,
            @Schema(description = "Report sections the policy left out for this reader (report.read's mask_fields), e.g. feedback")
            List<String> masked,
            @Schema(description = "How differences to the baseline are tested") Significance significance,
            List<Variant> variants) {
    }

    /** The tests named, and the level. */
    public record Significance(@JsonProperty("float_metrics") String floatMetrics,
            @JsonProperty("boolean_metrics") String booleanMetrics, double alpha, @JsonProperty("two_sided") boolean twoSided) {

        static final Significance USED = new Significance(
                "Welch's t-test (unequal variances, Welch-Satterthwaite degrees of freedom); means with a Student t 95 % interval",
                "pooled two-proportion z-test; proportions with a Wilson score 95 % interval", ReportStatistics.ALPHA, true);
    }

    /** One variant's aggregates. {@code feedback} is null when the policy masked it. */
    public record Variant(String name, boolean baseline, long calls, long errors, @JsonProperty("error_rate") Double errorRate,
            @JsonProperty("latency_ms") Percentiles latencyMs, @JsonProperty("ttft_ms") Percentiles ttftMs,
            @JsonProperty("tokens_in") long tokensIn, @JsonProperty("tokens_out") long tokensOut,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Metric> feedback) {
    }

    /** Continuous percentiles (PostgreSQL percentile_cont) of the {@code n} calls that have the value. */
    public record Percentiles(Double p50, Double p95, long n) {
    }

    /**
     * One metric in one variant, on the latest value per call: n, and for booleans and floats the mean
     * (a boolean's: the proportion of true) with its 95 % interval and the test against the baseline.
     */
    public record Metric(String metric, String type, String better, long n, Double mean,
            @JsonProperty("ci_low") Double ciLow, @JsonProperty("ci_high") Double ciHigh,
            @Schema(description = "student_t (float), wilson (boolean), or null (a comment, or too few values)") String interval,
            @JsonProperty("versus_baseline") Comparison versusBaseline) {
    }

    /** The difference (this variant's mean minus the baseline's) and its test; null for the baseline itself, or too few values. */
    public record Comparison(String test, double difference, double statistic,
            @JsonProperty("degrees_of_freedom") Double degreesOfFreedom, @JsonProperty("p_value") double pValue, boolean significant) {
    }

    /** The report of {@code routeName} over {@code range} for {@code caller}, after the report.read decision. */
    public Report report(SecurityIdentity caller, RequestMeta meta, String routeName, Range range) {
        LlmRoute route = catalog.route(routeName).orElseThrow(() -> new NotFoundProblem("unknown_route",
                "There is no LLM route '" + routeName + "'. The catalog lists the routes."));
        Enforcer.Authorization authorization = enforcer.authorize(caller, new Access(Action.REPORT_READ, route.policyResource(),
                Content.none(), "", Set.of(ObligationKind.MASK_FIELDS), null, "report " + range.from() + ".." + range.to()), meta);
        List<String> masked = authorization.decision().obligations().maskFields();
        if (!masked.stream().allMatch(FEEDBACK::equals)) {
            throw new IllegalStateException("report.read masked sections the report does not have: " + masked);
        }
        return compute(route, range, masked);
    }

    /**
     * The route's baseline variant: the declared one on a route with variants, else
     * {@value #DEFAULT_BASELINE}, the name of the captures without a variant.
     */
    static String baselineOf(LlmRoute route) {
        return route.variants().declared() ? route.variants().baseline().name() : DEFAULT_BASELINE;
    }

    private Report compute(LlmRoute route, Range range, List<String> masked) {
        String baseline = baselineOf(route);
        boolean withFeedback = !masked.contains(FEEDBACK);
        try (Connection c = dataSource.getConnection()) {
            Map<String, Calls> calls = calls(c, route.name(), baseline, range);
            Map<String, Map<String, Observed>> observed = withFeedback ? feedback(c, route.name(), baseline, range) : Map.of();
            List<String> names = new ArrayList<>();
            names.add(baseline);
            calls.keySet().stream().filter(n -> !n.equals(baseline)).sorted().forEach(names::add);
            Map<String, Observed> baselineObserved = observed.getOrDefault(baseline, Map.of());
            List<Variant> variants = new ArrayList<>();
            for (String name : names) {
                Calls k = calls.getOrDefault(name, Calls.NONE);
                List<Metric> metrics = withFeedback
                        ? metrics(observed.getOrDefault(name, Map.of()), name.equals(baseline) ? null : baselineObserved) : null;
                variants.add(new Variant(name, name.equals(baseline), k.calls, k.errors, k.calls == 0 ? null : (double) k.errors / k.calls,
                        new Percentiles(k.latencyP50, k.latencyP95, k.calls), new Percentiles(k.ttftP50, k.ttftP95, k.ttftN),
                        k.tokensIn, k.tokensOut, metrics));
            }
            return new Report(route.name(), route.maxTier().level(), range.from(), range.to(), baseline, masked,
                    Significance.USED, variants);
        } catch (SQLException e) {
            throw new IllegalStateException("the capture store could not be read", e);
        }
    }

    private record Calls(long calls, long errors, Double latencyP50, Double latencyP95, long ttftN, Double ttftP50, Double ttftP95,
            long tokensIn, long tokensOut) {
        static final Calls NONE = new Calls(0, 0, null, null, 0, null, null, 0, 0);
    }

    /** One metric's values in one variant: n, mean, sample variance, and (booleans) how many were true. */
    private record Observed(long n, double mean, double variance, long trues) {
    }

    private static Map<String, Calls> calls(Connection c, String route, String baseline, Range range) throws SQLException {
        String sql = """
                select coalesce(variant, ?) as v, count(*),
                       count(*) filter (where status < 200 or status >= 400),
                       percentile_cont(0.5) within group (order by latency_ms),
                       percentile_cont(0.95) within group (order by latency_ms),
                       count(ttft_ms),
                       percentile_cont(0.5) within group (order by ttft_ms),
                       percentile_cont(0.95) within group (order by ttft_ms),
                       coalesce(sum(coalesce((usage->>'prompt_tokens')::bigint, (usage->>'input_tokens')::bigint)), 0),
                       coalesce(sum(coalesce((usage->>'completion_tokens')::bigint, (usage->>'output_tokens')::bigint)), 0)
                from capture where route = ? and captured_at >= ? and captured_at < ?
                group by 1""";
        Map<String, Calls> out = new TreeMap<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, baseline);
            q.setString(2, route);
            q.setTimestamp(3, Timestamp.from(range.from()));
            q.setTimestamp(4, Timestamp.from(range.to()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Calls(rs.getLong(2), rs.getLong(3), doubleOrNull(rs, 4), doubleOrNull(rs, 5),
                            rs.getLong(6), doubleOrNull(rs, 7), doubleOrNull(rs, 8), rs.getLong(9), rs.getLong(10)));
                }
            }
        }
        return out;
    }

    /** Per variant and metric, the latest value each call was given (a call counts once per metric). */
    private static Map<String, Map<String, Observed>> feedback(Connection c, String route, String baseline, Range range)
            throws SQLException {
        String sql = """
                select coalesce(c.variant, ?) as v, f.metric, count(*),
                       avg(coalesce(f.value_float, case when f.value_boolean then 1.0 else 0.0 end)),
                       coalesce(var_samp(coalesce(f.value_float, case when f.value_boolean then 1.0 else 0.0 end)), 0),
                       count(*) filter (where f.value_boolean)
                from (select distinct on (inference_id, metric) inference_id, captured_at, metric, value_boolean, value_float
                      from inference_feedback
                      where route = ? and captured_at >= ? and captured_at < ?
                      order by inference_id, metric, created_at desc, id desc) f
                join capture c on c.inference_id = f.inference_id and c.captured_at = f.captured_at
                where c.route = ? and c.captured_at >= ? and c.captured_at < ?
                group by 1, 2""";
        Map<String, Map<String, Observed>> out = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, baseline);
            for (int i : new int[] {2, 5}) {
                q.setString(i, route);
                q.setTimestamp(i + 1, Timestamp.from(range.from()));
                q.setTimestamp(i + 2, Timestamp.from(range.to()));
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), v -> new LinkedHashMap<>()).put(rs.getString(2),
                            new Observed(rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    private List<Metric> metrics(Map<String, Observed> variant, Map<String, Observed> baseline) {
        List<Metric> out = new ArrayList<>();
        for (Map.Entry<String, MetricConfig> declared : new TreeMap<>(config.metrics()).entrySet()) {
            String name = declared.getKey();
            MetricType type = declared.getValue().type();
            Observed o = variant.getOrDefault(name, new Observed(0, 0, 0, 0));
            String typeName = type.name().toLowerCase(Locale.ROOT);
            String better = declared.getValue().better().name().toLowerCase(Locale.ROOT);
            if (type == MetricType.COMMENT || o.n() == 0) {
                out.add(new Metric(name, typeName, better, o.n(), null, null, null, null, null));
                continue;
            }
            Observed b = baseline == null ? null : baseline.get(name);
            Interval interval;
            ReportStatistics.Test test = null;
            if (type == MetricType.BOOLEAN) {
                interval = ReportStatistics.wilson(o.n(), o.trues());
                if (b != null) {
                    test = ReportStatistics.twoProportions(o.n(), o.trues(), b.n(), b.trues());
                }
            } else {
                Sample sample = new Sample(o.n(), o.mean(), o.variance());
                interval = ReportStatistics.meanInterval(sample);
                if (b != null) {
                    test = ReportStatistics.welch(sample, new Sample(b.n(), b.mean(), b.variance()));
                }
            }
            Comparison comparison = test == null ? null : new Comparison(test.name(), o.mean() - b.mean(), test.statistic(),
                    test.degreesOfFreedom(), test.pValue(), test.significant());
            out.add(new Metric(name, typeName, better, o.n(), o.mean(), interval == null ? null : interval.low(),
                    interval == null ? null : interval.high(), interval == null ? null : type == MetricType.BOOLEAN ? "wilson" : "student_t",
                    comparison));
        }
        return out;
    }

    private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    /** Now, for a report whose range is not given. */
    public Instant now() {
        return clock.instant();
    }
}
