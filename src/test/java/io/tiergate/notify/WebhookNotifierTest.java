package io.tiergate.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The privacy team's webhook (a WireMock stand-in for Slack): sent after commit, retried, failures audited. */
@QuarkusTest
class WebhookNotifierTest {

    static final String HOOK = "/hooks/privacy-team";

    @InjectUpstream
    WireMockServer upstream;

    @Inject
    AuditQueries audit;

    @Inject
    io.tiergate.access.ExpirySweeper sweeper;

    @BeforeEach
    void reset() {
        upstream.resetAll();
        upstream.stubFor(any(urlPathMatching("/datasets/.*")).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    private static String newRequest() {
        return given().auth().oauth2(Tokens.developer("notified-" + UUID.randomUUID().toString().substring(0, 6)))
                .contentType("application/json")
                .body(Map.of("resource", Map.of("kind", "dataset", "name", "tickets"), "purpose", "debugging",
                        "justification", "private justification text", "duration", "PT1H"))
                .when().post("/api/access-requests").then().statusCode(201).extract().path("id");
    }

    @Test
    void aNewRequestAndItsDecisionAreAnnouncedAsSlackJson() {
        upstream.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        String id = newRequest();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> upstream.verify(1, postRequestedFor(urlEqualTo(HOOK))
                .withRequestBody(matchingJsonPath("$.text", com.github.tomakehurst.wiremock.client.WireMock.containing(id)))));
        given().auth().oauth2(Tokens.approver("priya")).contentType("application/json").body(Map.of())
                .post("/api/access-requests/" + id + "/approve").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> upstream.verify(2, postRequestedFor(urlEqualTo(HOOK))
                .withRequestBody(matchingJsonPath("$.text", com.github.tomakehurst.wiremock.client.WireMock.containing(id)))));
        // Slack-compatible: one text member, and never the justification.
        assertThat(upstream.findAll(postRequestedFor(urlEqualTo(HOOK)))).allSatisfy(r -> {
            assertThat(r.getBodyAsString()).doesNotContain("private justification text");
            assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        });
        upstream.verify(postRequestedFor(urlEqualTo(HOOK)).withRequestBody(equalToJson("{\"text\":\"${json-unit.any-string}\"}")));
    }

    @Test
    void anUpcomingExpiryIsAnnouncedOnce() {
        upstream.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        String id = newRequest();
        String grantId = given().auth().oauth2(Tokens.approver("priya")).contentType("application/json").body(Map.of())
                .post("/api/access-requests/" + id + "/approve").then().statusCode(200).extract().path("grant.id");
        // A one-hour grant is inside the 24-hour warning window at once.
        sweeper.sweep();
        sweeper.sweep();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> upstream.verify(1, postRequestedFor(urlEqualTo(HOOK))
                .withRequestBody(matchingJsonPath("$.text", com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "Grant " + grantId)))));
        assertThat(upstream.findAll(postRequestedFor(urlEqualTo(HOOK))).stream()
                .filter(r -> r.getBodyAsString().contains("Grant " + grantId) && r.getBodyAsString().contains("expires at")))
                .hasSize(1);
    }

    @Test
    void aFailingWebhookIsRetriedUntilItAnswers() {
        upstream.stubFor(post(urlEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        upstream.stubFor(post(urlEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));
        String id = newRequest();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> upstream.verify(2, postRequestedFor(urlEqualTo(HOOK))));
        assertThat(audit.recent(new AuditQueries.Filter("tiergate", "notification.webhook", null, null, null), 100))
                .noneSatisfy(e -> assertThat(e.targetId()).isEqualTo(id));
    }

    @Test
    void aWebhookThatNeverAnswersIsRetriedWithDoublingBackoffThenRecordedWithoutBlockingTheWorkflow() {
        upstream.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(500)));
        long started = System.nanoTime();
        String id = newRequest();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(audit.recent(new AuditQueries.Filter("tiergate", "notification.webhook", null, null, null), 100))
                        .anySatisfy(e -> {
                            assertThat(e.targetId()).isEqualTo(id);
                            assertThat(e.kind()).isEqualTo(AuditEvent.Kind.NOTIFICATION);
                            assertThat(e.outcome()).isEqualTo("failed");
                            assertThat(e.reasons()).containsExactly("webhook_status_500");
                            assertThat(e.details()).contains("attempts=3");
                        }));
        upstream.verify(3, postRequestedFor(urlEqualTo(HOOK)));
        // Backoff: the tries are spaced by the configured initial backoff (100 ms in tests), doubling.
        List<Long> tries = upstream.findAll(postRequestedFor(urlEqualTo(HOOK))).stream()
                .map(r -> r.getLoggedDate().getTime()).sorted().toList();
        assertThat(tries.get(1) - tries.get(0)).as("wait before the 2nd try (ms)").isGreaterThanOrEqualTo(100);
        assertThat(tries.get(2) - tries.get(1)).as("wait before the 3rd try (ms)").isGreaterThanOrEqualTo(200);
        // The request itself went through regardless.
        given().auth().oauth2(Tokens.auditor("audrey")).get("/api/access-requests/" + id).then().statusCode(200);
    }
}
