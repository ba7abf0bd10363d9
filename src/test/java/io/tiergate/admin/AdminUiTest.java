package io.tiergate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.testing.Browser;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The privacy console in a real browser (Debian Chromium), signed in through a real Keycloak. */
@QuarkusTest
@TestProfile(RealKeycloak.class)
class AdminUiTest {

    @TestHTTPResource("/admin")
    URI admin;

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
    void auditorSearchesTheAuditLog() {
        try (Browser browser = new Browser()) {
            browser.open(admin + "/audit?subject=audrey").signIn("audrey", "audrey");
            assertThat(browser.heading()).isEqualTo("Audit log");
            // opening the page is itself a recorded audit.read decision
            assertThat(browser.driver().findElement(By.tagName("tbody")).getText()).contains("audit.read").contains("allowed");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.screenshot("audit");
        }
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
    void signingOutEndsTheSession() {
        try (Browser browser = new Browser()) {
            browser.open(admin.toString()).signIn("priya", "priya");
            assertThat(browser.heading()).isEqualTo("Review queue");
            browser.driver().findElement(By.linkText("Sign out")).click();
            assertThat(browser.heading()).isEqualTo("You are signed out");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.open(admin + "/catalog");
            browser.waitFor(By.id("username")); // back at the identity provider's login page
        }
    }
}
