package io.tiergate.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.access.AccessGrant;
import io.tiergate.access.AccessRequest;
import io.tiergate.access.RequestState;
import io.tiergate.testing.Browser;
import io.tiergate.testing.KeycloakTokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

/**
 * The privacy team's whole job in a real browser against a real Keycloak: a developer asks for
 * Tier 2 access through the API, an approver decides in the console, and the developer's next
 * read through the proxy follows the decision.
 */
@QuarkusTest
@TestProfile(RealKeycloak.class)
class ApprovalFlowTest {

    @TestHTTPResource("/admin")
    URI admin;

    @ConfigProperty(name = "tiergate.test.keycloak-url")
    String keycloak;

    @InjectUpstream
    WireMockServer upstream;

    @BeforeEach
    void noGrantsLeftFromEarlierRuns() {
        // The Keycloak users are fixed, and the test database outlives a run: start them without grants.
        QuarkusTransaction.requiringNew().run(() -> AccessGrant.update(
                "revokedAt = ?1, revokedBy = 'test-setup', revokeReason = 'fresh start' where subjectName in ('alice', 'bob') "
                        + "and revokedAt is null", Instant.now()));
    }

    @BeforeEach
    void datasetService() {
        upstream.stubFor(get(urlPathMatching("/datasets/tickets/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"records\":[{\"id\":\"t-1\"}]}")));
    }

    @Test
    void approverApprovesInTheConsoleAndTheDevelopersNextReadSucceedsUntilRevoked() {
        String bob = token("bob");
        read(bob).statusCode(403).body("reasons", contains("tier2_requires_grant"));
        String id = requestAccess(bob, "P7D");

        try (Browser browser = new Browser()) {
            browser.open(admin + "/queue").signIn("priya", "priya");
            assertThat(browser.heading()).isEqualTo("Review queue");
            assertThat(browser.driver().findElement(By.cssSelector("nav .count")).getText()).isNotEqualTo("0");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.screenshot("queue");

            browser.driver().findElement(By.cssSelector("a[href='/admin/request?id=" + id + "']")).click();
            assertThat(browser.heading()).isEqualTo("Request of bob for tickets");
            assertThat(browser.driver().getPageSource()).contains("Investigating ticket TG-1234").contains("Tier 2");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.screenshot("request-detail");

            new Select(browser.driver().findElement(By.id("duration"))).selectByVisibleText("1 day");
            browser.driver().findElement(By.id("comment")).sendKeys("One day is enough for TG-1234.");
            browser.driver().findElement(By.cssSelector("form[action$='/approve'] button")).click();
            assertThat(browser.waitFor(By.cssSelector(".notice.success")).getText()).startsWith("Approved.");
            assertThat(browser.driver().getPageSource()).contains("access.request.approved").contains("grant.created");
            browser.screenshot("request-approved");

            read(bob).statusCode(200);

            browser.open(admin + "/grants?subject=bob");
            assertThat(browser.heading()).isEqualTo("Grants");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.screenshot("grants");
            browser.driver().findElement(By.cssSelector("form[action$='/revoke'] input[name='reason']")).sendKeys("TG-1234 closed");
            browser.driver().findElement(By.cssSelector("form[action$='/revoke'] button")).click();
            assertThat(browser.waitFor(By.cssSelector(".notice.success")).getText()).startsWith("Revoked.");
        }
        read(bob).statusCode(403).body("reasons", contains("tier2_requires_grant"));
    }

    @Test
    void approverSeesNoControlsOnTheirOwnRequestAndTheServerRefusesADecisionAnyway() {
        UUID own = pendingRequestOf(KeycloakTokens.keyOf(token("priya")), "priya");
        try (Browser browser = new Browser()) {
            browser.open(admin + "/request?id=" + own).signIn("priya", "priya");
            assertThat(browser.heading()).isEqualTo("Request of priya for tickets");
            assertThat(browser.driver().findElements(By.cssSelector("form[action$='/approve'], form[action$='/deny']"))).isEmpty();
            assertThat(browser.driver().findElement(By.cssSelector(".notice.warning")).getText()).contains("your own request");

            // Forge the decision anyway, with a valid CSRF token taken from another form of the console.
            browser.open(admin + "/audit");
            Map<String, Object> answer = post(browser, "/admin/requests/" + own + "/approve", "comment=self", true);
            assertThat(answer.get("status")).isEqualTo(403L);
            assertThat((String) answer.get("body")).contains("self_decision_forbidden");
        }
        assertThat(stateOf(own)).isEqualTo(RequestState.PENDING);
    }

    @Test
    void auditorSeesRequestsAndGrantsButCannotDecide() {
        String id = requestAccess(token("alice"), "P1D");
        try (Browser browser = new Browser()) {
            browser.open(admin + "/request?id=" + id).signIn("audrey", "audrey");
            assertThat(browser.heading()).isEqualTo("Request of alice for tickets");
            assertThat(browser.driver().findElements(By.cssSelector("form[action$='/approve'], form[action$='/deny']"))).isEmpty();
            assertThat(browser.driver().findElement(By.cssSelector(".notice.warning")).getText()).contains("Auditors");
            browser.open(admin + "/grants");
            assertThat(browser.driver().findElements(By.cssSelector("form[action$='/revoke']"))).isEmpty();
            browser.open(admin + "/audit");
            Map<String, Object> answer = post(browser, "/admin/requests/" + id + "/approve", "comment=x", true);
            assertThat(answer.get("status")).isEqualTo(403L);
        }
        assertThat(stateOf(UUID.fromString(id))).isEqualTo(RequestState.PENDING);
    }

    @Test
    void denyingNeedsAReasonAndFormsNeedTheirCsrfToken() {
        String id = requestAccess(token("alice"), "P1D");
        try (Browser browser = new Browser()) {
            browser.open(admin + "/request?id=" + id).signIn("paul", "paul");
            Map<String, Object> noToken = post(browser, "/admin/requests/" + id + "/deny", "reason=no+token", false);
            assertThat(noToken.get("status")).isEqualTo(403L);
            assertThat((String) noToken.get("body")).contains("csrf_token_invalid");
            assertThat(stateOf(UUID.fromString(id))).isEqualTo(RequestState.PENDING);

            ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('reason').removeAttribute('required')");
            browser.driver().findElement(By.cssSelector("form[action$='/deny'] button")).click();
            assertThat(browser.waitFor(By.cssSelector(".notice.error")).getText()).contains("Say why the request is denied");
            assertThat(stateOf(UUID.fromString(id))).isEqualTo(RequestState.PENDING);

            browser.driver().findElement(By.id("reason")).sendKeys("Use the anonymised extract instead.");
            browser.driver().findElement(By.cssSelector("form[action$='/deny'] button")).click();
            assertThat(browser.waitFor(By.cssSelector(".notice.success")).getText()).startsWith("Denied.");
        }
        assertThat(stateOf(UUID.fromString(id))).isEqualTo(RequestState.DENIED);
    }

    @Test
    void auditPageVerifiesTheChainAndExports() {
        try (Browser browser = new Browser()) {
            browser.open(admin + "/audit").signIn("audrey", "audrey");
            browser.driver().findElement(By.xpath("//button[text()='Verify the chain']")).click();
            assertThat(browser.waitFor(By.id("verification")).getText()).contains("The chain is intact");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.screenshot("audit-verified");
            @SuppressWarnings("unchecked")
            Map<String, Object> csv = (Map<String, Object>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.querySelector("a[href*='format=csv']").href)
                      .then(r => r.text().then(t => done({status: r.status, body: t})));""");
            assertThat(csv.get("status")).isEqualTo(200L);
            assertThat((String) csv.get("body")).startsWith("seq,event_id,occurred_at");
        }
    }

    /** Posts a form from inside the signed-in browser, with or without the page's CSRF token. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> post(Browser browser, String path, String body, boolean withToken) {
        return (Map<String, Object>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const [path, body, withToken, done] = arguments;
                const token = document.querySelector("input[type=hidden][name*=csrf]");
                const form = withToken && token ? body + "&" + token.name + "=" + encodeURIComponent(token.value) : body;
                fetch(path, {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: form})
                  .then(r => r.text().then(t => done({status: r.status, body: t})));""", path, body, withToken);
    }

    private String token(String user) {
        return KeycloakTokens.of(keycloak, user);
    }

    private static io.restassured.response.ValidatableResponse read(String token) {
        return given().auth().oauth2(token).header("X-Tiergate-Purpose", "debugging")
                .when().get("/datasets/tickets/records").then();
    }

    private static String requestAccess(String token, String duration) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("resource", Map.of("kind", "dataset", "name", "tickets"), "purpose", "debugging",
                        "justification", "Investigating ticket TG-1234 reported by support", "duration", duration))
                .when().post("/api/access-requests").then().statusCode(201).extract().path("id");
    }


    /** A pending request made out to {@code requester} directly in the database (approvers may not ask through the API). */
    private static UUID pendingRequestOf(String requesterKey, String requesterName) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            AccessRequest r = new AccessRequest();
            r.id = id;
            r.requesterId = requesterKey;
            r.requesterName = requesterName;
            r.requesterType = "user";
            r.resourceKind = "dataset";
            r.resourceName = "tickets";
            r.purpose = "debugging";
            r.justification = "Checking a complaint about my own team's data handling";
            r.requestedSeconds = Duration.ofDays(1).toSeconds();
            r.approvalsRequired = 1;
            r.state = RequestState.PENDING;
            r.createdAt = Instant.now();
            r.pendingUntil = Instant.now().plus(Duration.ofDays(7));
            r.persist();
        });
        return id;
    }

    private static RequestState stateOf(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> AccessRequest.<AccessRequest>findById(id).state);
    }

}
