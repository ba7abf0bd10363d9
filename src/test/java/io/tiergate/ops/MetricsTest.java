package io.tiergate.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agroal.api.AgroalDataSource;
import com.github.tomakehurst.wiremock.matching.EqualToJsonPattern;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.Management;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Prometheus metrics, read on the management interface after known traffic. */
@QuarkusTest
class MetricsTest {

    @Inject
    AgroalDataSource dataSource;

    @InjectUpstream
    WireMockServer upstream;

    @BeforeEach
    void stubUpstreams() {
        upstream.resetAll();
        upstream.stubFor(get(urlPathMatching("/datasets/handbook/.*"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"records\":[]}")));
        upstream.stubFor(post(urlEqualTo("/vendor/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hello\"}}]}")));
        upstream.stubFor(post(urlEqualTo("/vendor/v1/chat/completions"))
                .withRequestBody(new EqualToJsonPattern("{\"stream\":true}", false, true))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody("data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n")));
    }

    @Test
    void countsDecisionsLatenciesAndFindingsOfKnownTraffic() {
        Scrape before = Scrape.now();
        String alice = Tokens.developer("alice");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(alice).header("X-Tiergate-Purpose", "onboarding")
                    .when().get("/datasets/handbook/records").then().statusCode(200);
        }
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(alice).when().get("/datasets/handbook/records").then().statusCode(403);
        }
        given().auth().oauth2(alice).contentType("application/json")
                .body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Refund jane.doe@example.com today\"}]}")
                .when().post("/llm/vendor/v1/chat/completions").then().statusCode(200).header("X-Tiergate-Redacted", "EMAIL");
        given().auth().oauth2(alice).contentType("application/json")
                .body("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}")
                .when().post("/llm/vendor/v1/chat/completions").then().statusCode(200);
        Scrape after = Scrape.now();

        assertThat(delta(before, after, "tiergate_decisions_total",
                Map.of("action", "dataset.read", "resource", "handbook", "outcome", "allowed", "reason", "tier1_access"))).isEqualTo(3);
        assertThat(delta(before, after, "tiergate_decisions_total",
                Map.of("action", "dataset.read", "resource", "handbook", "outcome", "denied", "reason", "purpose_required"))).isEqualTo(2);
        assertThat(delta(before, after, "tiergate_decisions_total",
                Map.of("action", "llm.invoke", "resource", "vendor", "outcome", "redacted", "reason", "tier2_personal_data_redacted"))).isEqualTo(1);
        assertThat(delta(before, after, "tiergate_decisions_total",
                Map.of("action", "llm.invoke", "resource", "vendor", "outcome", "allowed"))).isEqualTo(1);
        assertThat(delta(before, after, "tiergate_findings_total", Map.of("type", "EMAIL", "tier", "2"))).isEqualTo(1);

        // 7 requests decided, and the 2 LLM answers decided as llm.respond
        assertThat(delta(before, after, "tiergate_decisions_total", Map.of("action", "llm.respond"))).isEqualTo(2);
        // 9 evaluations for those decisions, and the streamed call's two probes of whether its answer would have its
        // e-mail addresses and its bare keys redacted (one evaluation a type: docs/ARCHITECTURE.md, "Streamed answers")
        assertThat(delta(before, after, "tiergate_policy_evaluation_duration_seconds_count", Map.of())).isEqualTo(11);
        // every durable audit write is timed: the 9 decisions and the outcome events of the calls that have one
        assertThat(delta(before, after, "tiergate_audit_commit_duration_seconds_count", Map.of())).isEqualTo(12);
        assertThat(delta(before, after, "tiergate_audit_failures_total", Map.of())).isZero();
        assertThat(after.has("tiergate_audit_batches_total")).isTrue();
        assertThat(delta(before, after, "tiergate_classification_duration_seconds_count", Map.of())).isEqualTo(2);
        assertThat(delta(before, after, "tiergate_upstream_duration_seconds_count", Map.of("upstream", "handbook"))).isEqualTo(3);
        assertThat(delta(before, after, "tiergate_upstream_duration_seconds_count", Map.of("upstream", "vendor"))).isEqualTo(2);
        assertThat(delta(before, after, "tiergate_upstream_first_token_seconds_count", Map.of("upstream", "vendor"))).isEqualTo(1);
        assertThat(delta(before, after, "tiergate_gateway_added_seconds_count", Map.of("kind", "dataset"))).isEqualTo(3);
        assertThat(delta(before, after, "tiergate_gateway_added_seconds_count", Map.of("kind", "llm"))).isEqualTo(2);
        // Histograms, not summaries: buckets a Prometheus server can aggregate across replicas.
        assertThat(after.has("tiergate_gateway_added_seconds_bucket")).isTrue();
        assertThat(after.has("tiergate_audit_queue_depth")).isTrue();
        assertThat(after.has("tiergate_policy_failures_total")).isTrue();
    }

    @Test
    void labelsNeverCarrySubjectsOrRequestIds() {
        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.developer("mallory-" + requestId)).header("X-Request-Id", requestId)
                .header("X-Tiergate-Purpose", "onboarding").when().get("/datasets/handbook/records").then().statusCode(200);
        given().auth().oauth2(Tokens.developer("alice")).header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/no-such-" + requestId + "/records").then().statusCode(404);
        String text = Scrape.now().text();
        assertThat(text).doesNotContain(requestId).doesNotContain("mallory");
    }

    @Test
    void gaugesFollowThePendingQueue() throws SQLException {
        String developer = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.developer(developer)).contentType("application/json")
                .body(Map.of("resource", Map.of("kind", "dataset", "name", "tickets"), "purpose", "debugging",
                        "justification", "Investigating ticket TG-1234 reported by support", "duration", "PT1H"))
                .when().post("/api/access-requests").then().statusCode(201);
        assertThat(pendingInDatabase()).isPositive();
        // the gauge is refreshed on a schedule: it must come to what the database holds now, ours included
        // (other tests' requests come and go, so the count is read again on every poll, not assumed)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape now = Scrape.now();
            assertThat(now.value("tiergate_access_requests_pending")).isEqualTo((double) pendingInDatabase());
            assertThat(now.value("tiergate_access_requests_oldest_pending_seconds")).isPositive();
        });
    }

    private long pendingInDatabase() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from access_request where state = 'PENDING'")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void metricsAndHealthAreOnTheManagementPortOnly() {
        Management.request().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(404);
        given().when().get("/q/health/ready").then().statusCode(404);
    }

    private static double delta(Scrape before, Scrape after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
