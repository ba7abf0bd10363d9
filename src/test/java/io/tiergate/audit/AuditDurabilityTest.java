package io.tiergate.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Never lose a record, never keep a false one: while the chain head is held (the audit store
 * stalls), a request is refused and not forwarded; if its decision event is committed after the
 * refusal, a correction voids it. A workflow transition whose event cannot be written is rolled back.
 */
@QuarkusTest
class AuditDurabilityTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String appUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String appPassword;

    @InjectUpstream
    WireMockServer upstream;

    @Inject
    AuditQueries audit;

    @Inject
    AuditLog log;

    @Inject
    AuditChain chain;

    @BeforeEach
    void stub() {
        upstream.resetAll();
        upstream.stubFor(any(urlPathMatching("/datasets/.*")).willReturn(aResponse().withStatus(200).withBody("{}")));
        upstream.stubFor(any(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(200)));
    }

    /** Holds the chain head's row lock, as a stalled database would, until closed. */
    private Connection holdChainHead() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, appUser, appPassword);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("select * from audit_chain_head for update");
        }
        return c;
    }

    @Test
    void aRequestWhoseRecordIsNotConfirmedInTimeIsRefusedAndItsLateRecordVoided() throws SQLException {
        String requestId = "stalled-" + UUID.randomUUID();
        // After another writer moved the head (another gateway instance; in a run, any earlier test's), this
        // gateway's writer appends under the head's lock for its next batches, and a stall there is a lock not
        // granted: nothing written, the request refused, nothing to void. Its own events first, until it appends
        // without the lock again: the request's event is then the lone auto-committed statement whose outcome a
        // stall leaves unknown, and that is recorded late and voided.
        try (Connection other = DriverManager.getConnection(jdbcUrl, appUser, appPassword)) {
            other.setAutoCommit(false);
            chain.append(other, List.of(TestDecisions.handbookRead("other-instance-" + requestId, "durability-test", "durability test")), 5);
            other.commit();
        }
        for (int i = 0; i <= AuditLog.LOCKED_AFTER_CONFLICT; i++) {
            log.appendAndAwaitCommit(TestDecisions.handbookRead("durability-" + i + "-" + requestId, "durability-test", "durability test"));
        }
        try (Connection held = holdChainHead()) {
            given().auth().oauth2(Tokens.developer("alice")).header("X-Request-Id", requestId)
                    .header("X-Tiergate-Purpose", "onboarding")
                    .when().get("/datasets/handbook/records").then().statusCode(503)
                    .contentType("application/problem+json").body("code", equalTo("audit_unavailable"));
            held.rollback();
        }
        upstream.verify(0, getRequestedFor(urlPathMatching("/datasets/handbook/.*")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<AuditEvent> events = audit.recent(AuditQueries.Filter.byClientRequestId(requestId), 10);
            AuditEvent decision = events.stream().filter(e -> e.kind() == AuditEvent.Kind.DECISION).findFirst()
                    .orElseThrow(() -> new AssertionError("no decision event yet"));
            assertThat(decision.allowed()).isTrue();
            assertThat(events).filteredOn(e -> e.kind() == AuditEvent.Kind.CORRECTION).singleElement().satisfies(c -> {
                assertThat(c.targetId()).isEqualTo(decision.eventId().toString());
                assertThat(c.outcome()).isEqualTo("voided");
                assertThat(c.reasons()).containsExactly("audit_commit_unconfirmed");
            });
            assertThat(events).hasSize(2);
        });
        given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void aTransitionWhoseEventCannotBeWrittenDoesNotHappen() throws SQLException {
        String token = Tokens.developer("atomic-" + UUID.randomUUID().toString().substring(0, 6));
        String id = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("resource", Map.of("kind", "dataset", "name", "tickets"), "purpose", "debugging",
                        "justification", "needed", "duration", "PT1H"))
                .when().post("/api/access-requests").then().statusCode(201).extract().path("id");
        try (Connection held = holdChainHead()) {
            given().auth().oauth2(token).when().post("/api/access-requests/" + id + "/withdraw").then().statusCode(503)
                    .body("code", equalTo("audit_unavailable"));
            held.rollback();
        }
        given().auth().oauth2(token).when().get("/api/access-requests/" + id).then().statusCode(200).body("state", equalTo("pending"));
        assertThat(audit.recent(new AuditQueries.Filter(null, "access.request.withdrawn", "tickets", null, null), 100))
                .noneSatisfy(e -> assertThat(e.targetId()).isEqualTo(id));
    }
}
