package io.tiergate.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.tiergate.testing.ReportSeed;
import io.tiergate.testing.Tokens;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/routes/{route}/report} on a seeded data set with known answers (computed with scipy
 * 1.17.1 and numpy, as each assertion's comment says): percentiles, error rate, tokens, feedback means,
 * their intervals and the tests against the baseline; who sees how much (report.read); bad ranges.
 */
@QuarkusTest
class EvaluationReportTest {

    static final Instant BASE = ReportSeed.BASE;
    static final String FROM = BASE.minus(Duration.ofMinutes(30)).toString();
    static final String TO = BASE.plus(Duration.ofMinutes(30)).toString();

    @BeforeAll
    static void seed() throws SQLException {
        ReportSeed.seed();
    }

    private static ValidatableResponse report(String token, String route, String query) {
        return given().auth().oauth2(token).when().get("/api/routes/" + route + "/report" + query).then();
    }

    /** The report's JSON, its fractions as doubles. */
    private static JsonPath json(ValidatableResponse response) {
        return new JsonPath(response.extract().asString()).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static Map<String, Object> variant(JsonPath report, String name) {
        return report.getMap("variants.find { it.name == '" + name + "' }");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metric(Map<String, Object> variant, String metric) {
        return ((List<Map<String, Object>>) variant.get("feedback")).stream().filter(m -> metric.equals(m.get("metric"))).findFirst()
                .orElseThrow();
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void privacyApproverReadsTheWholeReportWithKnownStatistics() {
        JsonPath report = json(report(Tokens.approver("pia"), "report-t2", "?from=" + FROM + "&to=" + TO).statusCode(200)
                .body("route", equalTo("report-t2")).body("baseline", equalTo("baseline"))
                .body("significance.float_metrics", org.hamcrest.Matchers.startsWith("Welch's t-test")));
        assertThat(report.getList("variants.name")).containsExactly("baseline", "b");
        assertThat(report.getList("masked")).isEmpty();

        Map<String, Object> base = variant(report, "baseline");
        assertThat(base.get("calls")).isEqualTo(5);
        assertThat(base.get("errors")).isEqualTo(1);
        assertThat(number(base.get("error_rate"))).isEqualTo(0.2);
        // numpy.percentile([100, 200, 300, 400, 500], [50, 95]) = [300, 480]; [10, 20, 30, 40] -> [25, 38.5]
        assertThat((Map<String, Object>) base.get("latency_ms")).containsEntry("p50", 300.0).containsEntry("p95", 480.0);
        assertThat((Map<String, Object>) base.get("ttft_ms")).containsEntry("p50", 25.0).containsEntry("p95", 38.5)
                .containsEntry("n", 4);
        assertThat(base.get("tokens_in")).isEqualTo(50);
        assertThat(base.get("tokens_out")).isEqualTo(100);

        Map<String, Object> accuracy = metric(base, "accuracy");
        assertThat(accuracy.get("n")).isEqualTo(5);
        // [0.5, 0.6, 0.7, 0.4, 0.5]: mean 0.54, stats.t.interval(0.95, 4, ...) = (0.39842852230177284, 0.6815714776982272)
        assertThat(number(accuracy.get("mean"))).isCloseTo(0.54, within(1e-9));
        assertThat(number(accuracy.get("ci_low"))).isCloseTo(0.39842852230177284, within(1e-9));
        assertThat(number(accuracy.get("ci_high"))).isCloseTo(0.6815714776982272, within(1e-9));
        assertThat(accuracy.get("interval")).isEqualTo("student_t");
        assertThat(accuracy.get("versus_baseline")).isNull();
        Map<String, Object> helpful = metric(base, "helpful");
        // 2 of 5: binomtest(2, 5).proportion_ci(0.95, 'wilson') = (0.11762077423264794, 0.769275718723987)
        assertThat(number(helpful.get("mean"))).isCloseTo(0.4, within(1e-9));
        assertThat(number(helpful.get("ci_low"))).isCloseTo(0.11762077423264794, within(1e-9));
        assertThat(number(helpful.get("ci_high"))).isCloseTo(0.769275718723987, within(1e-9));
        assertThat(helpful.get("interval")).isEqualTo("wilson");
        Map<String, Object> note = metric(base, "note");
        assertThat(note.get("n")).isEqualTo(2);
        assertThat(note.get("mean")).isNull();

        Map<String, Object> b = variant(report, "b");
        assertThat(b.get("calls")).isEqualTo(4);
        assertThat(b.get("errors")).isEqualTo(0);
        // numpy.percentile([50, 60, 70, 80], [50, 95]) = [65, 78.5]; no ttft
        assertThat((Map<String, Object>) b.get("latency_ms")).containsEntry("p50", 65.0).containsEntry("p95", 78.5);
        assertThat((Map<String, Object>) b.get("ttft_ms")).containsEntry("p50", null).containsEntry("n", 0);
        Map<String, Object> bAccuracy = metric(b, "accuracy");
        // [0.9, 0.8, 1.0, 0.85]: mean 0.8875, stats.t.interval(0.95, 3, ...) = (0.7516234558101993, 1.0233765441898008)
        assertThat(number(bAccuracy.get("mean"))).isCloseTo(0.8875, within(1e-9));
        assertThat(number(bAccuracy.get("ci_low"))).isCloseTo(0.7516234558101993, within(1e-9));
        assertThat(number(bAccuracy.get("ci_high"))).isCloseTo(1.0233765441898008, within(1e-9));
        // stats.ttest_ind(b, baseline, equal_var=False): statistic 5.2251700700504955, pvalue 0.001223103457258344,
        // df 6.992303050079301
        Map<String, Object> welch = (Map<String, Object>) bAccuracy.get("versus_baseline");
        assertThat(welch.get("test")).isEqualTo("welch_t");
        assertThat(number(welch.get("difference"))).isCloseTo(0.3475, within(1e-9));
        assertThat(number(welch.get("statistic"))).isCloseTo(5.2251700700504955, within(1e-9));
        assertThat(number(welch.get("degrees_of_freedom"))).isCloseTo(6.992303050079301, within(1e-9));
        assertThat(number(welch.get("p_value"))).isCloseTo(0.001223103457258344, within(1e-9));
        assertThat(welch.get("significant")).isEqualTo(true);
        // 3 of 4 against 2 of 5, pooled: z = 1.05, p = 2 * stats.norm.sf(1.05) = 0.2937181127517918
        Map<String, Object> bHelpful = metric(b, "helpful");
        assertThat(number(bHelpful.get("ci_low"))).isCloseTo(0.30064184258240184, within(1e-9));
        assertThat(number(bHelpful.get("ci_high"))).isCloseTo(0.9544127391902995, within(1e-9));
        Map<String, Object> z = (Map<String, Object>) bHelpful.get("versus_baseline");
        assertThat(z.get("test")).isEqualTo("two_proportion_z");
        assertThat(number(z.get("statistic"))).isCloseTo(1.05, within(1e-9));
        assertThat(number(z.get("p_value"))).isCloseTo(0.2937181127517918, within(1e-9));
        assertThat(z.get("significant")).isEqualTo(false);
    }

    @Test
    void theDefaultRangeIsTheLastWeek() {
        report(Tokens.auditor("aud"), "report-t2", "").statusCode(200)
                .body("variants.find { it.name == 'b' }.calls", equalTo(5));
    }

    @Test
    void developerSeesNoFeedbackOfATier2Route() {
        JsonPath report = json(report(Tokens.developer("dev"), "report-t2", "?from=" + FROM + "&to=" + TO).statusCode(200));
        assertThat(report.getList("masked")).containsExactly("feedback");
        assertThat(variant(report, "baseline")).containsEntry("calls", 5).doesNotContainKey("feedback");
        assertThat(variant(report, "b")).containsEntry("calls", 4).doesNotContainKey("feedback");
        assertThat(report.prettify()).doesNotContain("accuracy").doesNotContain("helpful");
    }

    @Test
    void developerReadsATier1RoutesWholeReport() {
        JsonPath report = json(report(Tokens.developer("dev"), "report-t1", "?from=" + FROM + "&to=" + TO).statusCode(200));
        assertThat(report.getList("masked")).isEmpty();
        Map<String, Object> accuracy = metric(variant(report, "baseline"), "accuracy");
        // [0.3, 0.5]: stats.t.interval(0.95, 1, loc=0.4, scale=...) = (-0.8706204736174695, 1.6706204736174697)
        assertThat(number(accuracy.get("mean"))).isCloseTo(0.4, within(1e-9));
        assertThat(number(accuracy.get("ci_low"))).isCloseTo(-0.8706204736174695, within(1e-9));
    }

    @Test
    void serviceMayNotReadAReport() {
        report(Tokens.service("svc"), "report-t1", "").statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("access_denied")).body("reasons", org.hamcrest.Matchers.hasItem("role_not_permitted"));
    }

    @Test
    void unknownRouteIsNotFound() {
        report(Tokens.approver("pia"), "no-such-route", "").statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("unknown_route"));
    }

    @Test
    void badRangesAreRefused() {
        for (String query : List.of("?from=yesterday", "?from=" + TO + "&to=" + FROM, "?from=" + FROM + "&to=" + FROM,
                "?from=2026-01-01T00:00:00Z&to=2026-04-04T00:00:01Z")) {
            report(Tokens.approver("pia"), "report-t2", query).statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("invalid_range"));
        }
        report(Tokens.approver("pia"), "report-t2", "?from=2026-01-01T00:00:00Z&to=2026-04-04T00:00:00Z").statusCode(200);
    }
}
