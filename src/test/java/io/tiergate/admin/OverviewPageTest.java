package io.tiergate.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.audit.rollup.AuditRollup;
import io.tiergate.testing.Browser;
import io.tiergate.testing.KeycloakTokens;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The console's overview in Debian's Chromium: its numbers follow known traffic once the rollup has run. */
@QuarkusTest
@TestProfile(RealKeycloak.class)
class OverviewPageTest {

    @TestHTTPResource("/admin")
    URI admin;

    @ConfigProperty(name = "tiergate.test.keycloak-url")
    String keycloak;

    @Inject
    AuditRollup rollup;

    @Test
    void auditorSeesDecisionsDenialReasonsAndPendingRequestsOfKnownTraffic() throws Exception {
        try (Browser browser = new Browser()) {
            browser.open(admin + "/overview").signIn("audrey", "audrey");
            rollup.catchUp();
            browser.open(admin + "/overview");
            assertThat(browser.heading()).isEqualTo("Overview");
            long decisions = lead(browser, 0);
            long denied = lead(browser, 1);
            long pendingYoung = cell(browser, "pending", "under 1 hour");

            // Known traffic: two denials of a Tier 2 read without a grant, and one access request (allowed, then pending).
            String alice = KeycloakTokens.of(keycloak, "alice");
            for (int i = 0; i < 2; i++) {
                given().auth().oauth2(alice).header("X-Tiergate-Purpose", "debugging")
                        .when().get("/datasets/tickets/records").then().statusCode(403);
            }
            given().auth().oauth2(alice).contentType("application/json")
                    .body(Map.of("resource", Map.of("kind", "dataset", "name", "tickets"), "purpose", "debugging",
                            "justification", "Overview test " + UUID.randomUUID(), "duration", "PT1H"))
                    .when().post("/api/access-requests").then().statusCode(201);
            rollup.catchUp();

            browser.open(admin + "/overview");
            // + the first page view's own audit.read decision, the two reads and the access request
            assertThat(lead(browser, 0)).isEqualTo(decisions + 4);
            assertThat(lead(browser, 1)).isEqualTo(denied + 2);
            assertThat(cell(browser, "reasons", "tier2_requires_grant")).isGreaterThanOrEqualTo(2);
            assertThat(cell(browser, "pending", "under 1 hour")).isEqualTo(pendingYoung + 1);
            assertThat(browser.driver().findElements(By.cssSelector("figure.chart svg[role='img']"))).hasSize(6);
            assertThat(browser.driver().findElements(By.cssSelector("figure.chart rect.denied"))).isNotEmpty();
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.screenshot("overview");
        }
    }

    @Test
    void developerCannotOpenTheOverview() {
        try (Browser browser = new Browser()) {
            browser.open(admin + "/overview").signIn("alice", "alice");
            assertThat(browser.heading()).isEqualTo("Forbidden");
        }
    }

    /** The n-th bold number of the page's lead paragraph (decisions, denied, redacted in the last 24 hours). */
    private static long lead(Browser browser, int index) {
        return Long.parseLong(browser.driver().findElements(By.cssSelector("p.lead strong")).get(index).getText().trim());
    }

    /** A number from a chart's data table: the row whose heading is {@code row}, first value column. */
    private static long cell(Browser browser, String chart, String row) {
        for (WebElement tr : browser.driver().findElements(By.cssSelector("figure[aria-labelledby='" + chart + "-title'] tbody tr"))) {
            if (tr.findElement(By.tagName("th")).getAttribute("textContent").trim().equals(row)) {
                return Long.parseLong(tr.findElement(By.tagName("td")).getAttribute("textContent").trim());
            }
        }
        return 0;
    }
}
