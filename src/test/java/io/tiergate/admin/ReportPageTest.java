package io.tiergate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.testing.Browser;
import io.tiergate.testing.ReportSeed;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The evaluation report pages in Debian's Chromium, on the seeded data set (ReportSeed): the privacy
 * team sees charts and the feedback with its tests; a developer sees a Tier 2 route's operational
 * aggregates only and a Tier 1 route's whole; both pages pass axe's WCAG 2 A/AA rules.
 */
@QuarkusTest
@TestProfile(RealKeycloak.class)
class ReportPageTest {

    static final String RANGE = "?from=" + ReportSeed.BASE.minus(Duration.ofMinutes(30)) + "&to="
            + ReportSeed.BASE.plus(Duration.ofMinutes(30));

    @TestHTTPResource("/admin")
    URI admin;

    @BeforeAll
    static void seed() throws SQLException {
        ReportSeed.seed();
    }

    @Test
    void auditorSeesChartsAndTheFeedbackTestedAgainstTheBaseline() {
        try (Browser browser = new Browser()) {
            browser.open(admin + "/reports/report-t2" + RANGE).signIn("audrey", "audrey");
            assertThat(browser.heading()).isEqualTo("Report of report-t2");
            // calls, latency, time to first token, and one interval chart per boolean or float metric (accuracy, helpful)
            assertThat(browser.driver().findElements(By.cssSelector("figure.chart svg[role='img'] > title"))).extracting(
                    e -> e.getAttribute("textContent")).containsExactly("Calls per variant", "Latency per variant, p50 and p95 (ms)",
                    "Time to first token per variant, p50 and p95 (ms)", "Feedback: accuracy, mean with its 95 % interval",
                    "Feedback: helpful, share of true with its 95 % interval");
            assertThat(tableRow(browser, "variants-table", "baseline")).startsWith("5 1 20.0 % 300.0 480.0 25.0 38.5 50 100");
            assertThat(feedbackRow(browser, "b", "accuracy")).contains("welch_t p = 0.0012, significant");
            assertThat(feedbackRow(browser, "b", "helpful")).contains("two_proportion_z p = 0.2937, not significant");
            assertThat(browser.driver().findElements(By.cssSelector("figure[aria-labelledby='metric-accuracy-title'] rect.estimate")))
                    .hasSize(2);
            assertThat(browser.driver().findElements(By.id("feedback-masked"))).isEmpty();
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.screenshot("report");
        }
    }

    @Test
    void developerSeesOnlyTheOperationalAggregatesOfATier2Route() {
        try (Browser browser = new Browser()) {
            browser.open(admin + "/reports/report-t2" + RANGE).signIn("alice", "alice");
            assertThat(browser.heading()).isEqualTo("Report of report-t2");
            assertThat(browser.driver().findElement(By.id("feedback-masked")).getText()).contains("Feedback is not shown to you");
            assertThat(tableRow(browser, "variants-table", "b")).startsWith("4 0 0.0 %");
            assertThat(browser.driver().findElements(By.id("feedback-table"))).isEmpty();
            assertThat(browser.driver().findElements(By.cssSelector("figure[aria-labelledby^='metric-']"))).isEmpty();
            assertThat(browser.driver().getPageSource()).doesNotContain("accuracy").doesNotContain("helpful");
            // the privacy team's sections are not offered
            assertThat(browser.driver().findElements(By.cssSelector("nav a"))).extracting(WebElement::getText)
                    .containsExactly("Reports");
            assertThat(browser.accessibilityViolations()).isEmpty();

            browser.open(admin + "/reports/report-t1" + RANGE);
            assertThat(feedbackRow(browser, "baseline", "accuracy")).contains("0.400");
            browser.screenshot("report-developer");
        }
    }

    @Test
    void aBadRangeIsAPageNotAStackTrace() {
        try (Browser browser = new Browser()) {
            browser.open(admin + "/reports/report-t2?from=yesterday").signIn("alice", "alice");
            assertThat(browser.driver().getPageSource()).contains("ISO-8601").doesNotContain("Exception");
        }
    }

    /** The cells after the row heading {@code row} of the table labelled {@code table}, joined by spaces. */
    private static String tableRow(Browser browser, String table, String row) {
        for (WebElement tr : browser.driver().findElements(By.cssSelector("table[aria-labelledby='" + table + "'] tbody tr"))) {
            if (tr.findElement(By.tagName("th")).getText().replace(" (baseline)", "").equals(row)) {
                return String.join(" ", tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
            }
        }
        throw new AssertionError("no row " + row + " in " + table);
    }

    private static String feedbackRow(Browser browser, String variant, String metric) {
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("table[aria-labelledby='feedback-table'] tbody tr"));
        for (WebElement tr : rows) {
            List<WebElement> cells = tr.findElements(By.tagName("td"));
            if (tr.findElement(By.tagName("th")).getText().equals(variant) && cells.get(0).getText().equals(metric)) {
                return String.join(" ", cells.stream().map(WebElement::getText).toList());
            }
        }
        throw new AssertionError("no feedback row " + variant + "/" + metric);
    }
}
