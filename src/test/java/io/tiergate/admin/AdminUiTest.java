package io.tiergate.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.testing.Browser;
import io.tiergate.testing.GrantRows;
import io.tiergate.testing.KeycloakTokens;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The privacy console in a real browser (Debian Chromium), signed in through a real Keycloak. */
@QuarkusTest
@TestProfile(RealKeycloak.class)
class AdminUiTest {

    @TestHTTPResource("/admin")
    URI admin;

    @ConfigProperty(name = "tiergate.test.keycloak-url")
    String keycloak;

    @Test
    void privacyApproverSignsInAndSeesTheCatalog() {
        try (Browser browser = new Browser()) {
            browser.open(admin + "/catalog").signIn("priya", "priya");
            assertThat(browser.heading()).isEqualTo("Catalog");
            assertThat(browser.driver().getPageSource()).contains("tickets").contains("vendor");
            assertThat(browser.driver().findElement(By.cssSelector(".who")).getText()).contains("priya").contains("privacy approver");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.screenshot("catalog");
        }
    }

    @Test
    void auditorSearchesTheAuditLogByEachFilterAndSeesOnlyMatchingRows() {
        // Rows the filters must tell apart: a developer's denied read of a Tier 2 dataset.
        given().auth().oauth2(KeycloakTokens.of(keycloak, "alice")).header("X-Tiergate-Purpose", "debugging")
                .when().get("/datasets/tickets/records").then().statusCode(403);
        try (Browser browser = new Browser()) {
            browser.open(admin + "/audit?actor=audrey").signIn("audrey", "audrey");
            assertThat(browser.heading()).isEqualTo("Audit log");
            // opening the page is itself a recorded audit.read decision, by audrey (found by her username)
            assertThat(column(browser, 2)).isNotEmpty().allSatisfy(actor -> assertThat(actor).startsWith("audrey"));
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.screenshot("audit");

            // the key holds a "#": encoded, or the browser would take the rest for a fragment
            browser.open(admin + "/audit?actor=" + java.net.URLEncoder.encode(
                    KeycloakTokens.keyOf(KeycloakTokens.of(keycloak, "alice")), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(column(browser, 2)).isNotEmpty().allSatisfy(actor -> assertThat(actor).startsWith("alice"));
            browser.open(admin + "/audit?action=dataset.read");
            assertThat(column(browser, 3)).isNotEmpty().containsOnly("dataset.read");
            browser.open(admin + "/audit?resource=tickets");
            assertThat(column(browser, 4)).isNotEmpty().containsOnly("tickets");
            browser.open(admin + "/audit?outcome=denied");
            assertThat(column(browser, 6)).isNotEmpty().containsOnly("denied");
            browser.open(admin + "/audit?outcome=allowed");
            assertThat(column(browser, 6)).isNotEmpty().containsOnly("allowed");
            browser.open(admin + "/audit?actor=nobody-at-all");
            assertThat(browser.driver().findElement(By.tagName("tbody")).getText()).isEqualTo("No events match.");
        }
    }

    @Test
    void grantsPageShowsOnlyTheFilteredHoldersGrantsAndPagesThroughThemWithItsLinks() {
        String holder = "holder-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < GrantPages.PAGE + 2; i++) {
            GrantRows.active(holder, i % 2 == 0 ? "tickets" : "payroll", 200 - i);
        }
        GrantRows.active("someone-else", "tickets", 1);
        try (Browser browser = new Browser()) {
            browser.open(admin + "/grants?subject=" + holder).signIn("audrey", "audrey");
            assertThat(browser.heading()).isEqualTo("Grants");
            assertThat(caption(browser)).isEqualTo("Grants 1 to " + GrantPages.PAGE);
            assertThat(column(browser, 0)).hasSize(GrantPages.PAGE).containsOnly(holder);
            assertThat(browser.driver().findElements(By.cssSelector("a[rel=prev]"))).isEmpty();
            assertThat(browser.accessibilityViolations()).isEmpty();

            browser.driver().findElement(By.cssSelector("a[rel=next]")).click();
            assertThat(caption(browser)).isEqualTo("Grants " + (GrantPages.PAGE + 1) + " to " + (GrantPages.PAGE + 2));
            assertThat(column(browser, 0)).hasSize(2).containsOnly(holder);
            assertThat(browser.driver().findElements(By.cssSelector("a[rel=next]"))).isEmpty();
            browser.driver().findElement(By.cssSelector("a[rel=prev]")).click();
            assertThat(caption(browser)).isEqualTo("Grants 1 to " + GrantPages.PAGE);

            browser.open(admin + "/grants?subject=" + holder + "&resource=payroll");
            assertThat(caption(browser)).isEqualTo((GrantPages.PAGE + 2) / 2 + " grants");
            assertThat(column(browser, 1)).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("payroll"));
        }
    }

    private static String caption(Browser browser) {
        return browser.driver().findElement(By.tagName("caption")).getText().trim();
    }

    /** The texts of one column of the page table's rows. */
    private static List<String> column(Browser browser, int index) {
        return browser.driver().findElements(By.cssSelector("tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(index).getText().trim()).toList();
    }

    @Test
    void developerCannotOpenTheConsole() {
        try (Browser browser = new Browser()) {
            browser.open(admin.toString()).signIn("alice", "alice");
            assertThat(browser.heading()).isEqualTo("Forbidden");
            assertThat(browser.driver().getPageSource()).contains("for privacy approvers and auditors");
            assertThat(browser.driver().findElements(By.cssSelector("nav a[href='/admin/audit']"))).isEmpty();
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.screenshot("forbidden-developer");
        }
    }

    @Test
    void theSessionCookieExpiresAndStaysOnTheConsole() {
        try (Browser browser = new Browser()) {
            browser.open(admin + "/catalog").signIn("priya", "priya");
            assertThat(browser.heading()).isEqualTo("Catalog");
            var session = browser.driver().manage().getCookies().stream()
                    .filter(c -> c.getName().startsWith("q_session")).findFirst().orElseThrow();
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getPath()).isEqualTo("/admin");
            // token lifetime (15 min in the demo realm) plus the 30 min idle extension, not a browser-lifetime cookie
            assertThat(session.getExpiry()).isNotNull()
                    .isBefore(java.util.Date.from(java.time.Instant.now().plus(java.time.Duration.ofMinutes(50))));
        }
    }

    @Test
    void signingOutIsAPostThatEndsTheSessionWhileAGetOnlyAsks() {
        try (Browser browser = new Browser()) {
            browser.open(admin.toString()).signIn("priya", "priya");
            assertThat(browser.heading()).isEqualTo("Review queue");
            browser.open(admin + "/logout");
            assertThat(browser.heading()).isEqualTo("Sign out");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.open(admin + "/catalog");
            assertThat(browser.heading()).as("a GET did not sign out").isEqualTo("Catalog");
            browser.driver().findElement(By.cssSelector("form.sign-out button")).click();
            assertThat(browser.heading()).isEqualTo("You are signed out");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.open(admin + "/catalog");
            browser.waitFor(By.id("username")); // back at the identity provider's login page
        }
    }
}
