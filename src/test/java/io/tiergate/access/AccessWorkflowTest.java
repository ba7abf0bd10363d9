package io.tiergate.access;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static io.tiergate.access.AccessApi.approve;
import static io.tiergate.access.AccessApi.create;
import static io.tiergate.access.AccessApi.createdId;
import static io.tiergate.access.AccessApi.deny;
import static io.tiergate.access.AccessApi.newDeveloper;
import static io.tiergate.access.AccessApi.read;
import static io.tiergate.access.AccessApi.revoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.testing.TestClock;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Tier 2 access workflow end to end, through HTTP, against PostgreSQL and the real policy. */
@QuarkusTest
class AccessWorkflowTest {

    static final String PRIYA = Tokens.approver("priya");
    static final String PAT = Tokens.approver("pat");

    @InjectUpstream
    WireMockServer upstream;

    @Inject
    TestClock clock;

    @Inject
    ExpirySweeper sweeper;

    @Inject
    AuditQueries audit;

    @BeforeEach
    void stubUpstreams() {
        upstream.resetAll();
        upstream.stubFor(any(urlPathMatching("/datasets/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"records\":[{\"id\":1}]}")));
        upstream.stubFor(any(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void developerIsDeniedUntilApprovedReadsWithTheGrantAndLosesItOnRevocation() {
        String dev = newDeveloper();
        String token = Tokens.developer(dev);
        read(token, "tickets", "debugging").statusCode(403).body("reasons", contains("tier2_requires_grant"))
                .body("request_access.href", equalTo("/api/access-requests"));

        String id = createdId(token, "dataset", "tickets", "debugging", "PT8H");
        given().auth().oauth2(token).when().get("/api/access-requests/" + id).then().statusCode(200)
                .body("state", equalTo("pending")).body("requester", equalTo(dev)).body("approvals_required", equalTo(1));
        read(token, "tickets", "debugging").statusCode(403).body("reasons", contains("tier2_requires_grant"));

        String grantId = approve(PRIYA, id, Map.of("comment", "ok for TG-1234")).statusCode(200)
                .body("state", equalTo("approved"))
                .body("approvals[0].approver", equalTo("priya"))
                .body("grant.subject", equalTo(dev))
                .body("grant.purpose", equalTo("debugging"))
                .extract().path("grant.id");

        read(token, "tickets", "debugging").statusCode(200).body("records[0].id", equalTo(1));
        // The grant is for one purpose and one resource.
        read(token, "tickets", "fine-tuning").statusCode(403).body("reasons", contains("tier2_requires_grant"));
        read(token, "payroll", "debugging").statusCode(403).body("reasons", contains("tier2_requires_grant"));

        revoke(PRIYA, grantId, "ticket closed").statusCode(200).body("revoked_by", equalTo("priya"));
        read(token, "tickets", "debugging").statusCode(403).body("reasons", contains("tier2_requires_grant"));
        revoke(PRIYA, grantId, "again").statusCode(409).body("code", equalTo("grant_already_revoked"));

        List<String> transitions = audit.recent(new AuditQueries.Filter(null, null, "tickets", null, null), 200).stream()
                .filter(e -> id.equals(e.targetId()) || grantId.equals(e.targetId())).map(AuditEvent::action).toList();
        assertThat(transitions).contains("access.request.created", "access.request.approved", "grant.created", "grant.revoked");
    }

    @Test
    void grantExpiresWithoutAnySweepAndTheSweepRecordsIt() {
        String dev = newDeveloper();
        String token = Tokens.developer(dev);
        String id = createdId(token, "dataset", "tickets", "debugging", "PT2H");
        // The reviewer shortens the grant to one hour.
        String grantId = approve(PRIYA, id, Map.of("duration", "PT1H")).statusCode(200)
                .body("approvals[0].duration", equalTo("PT1H")).extract().path("grant.id");
        read(token, "tickets", "debugging").statusCode(200);

        clock.advance(Duration.ofMinutes(59));
        read(token, "tickets", "debugging").statusCode(200);
        clock.advance(Duration.ofMinutes(2));
        read(token, "tickets", "debugging").statusCode(403).body("reasons", contains("tier2_requires_grant"));

        assertThat(sweeper.sweep()).isPositive();
        assertThat(audit.recent(new AuditQueries.Filter("tiergate", "grant.expired", "tickets", null, null), 50))
                .anySatisfy(e -> assertThat(e.targetId()).isEqualTo(grantId));
        revoke(PRIYA, grantId, "too late").statusCode(409).body("code", equalTo("grant_expired"));
    }

    @Test
    void nobodyApprovesTheirOwnRequest() {
        String both = Tokens.token("dana", "developer", "privacy-approver");
        String id = createdId(both, "dataset", "tickets", "debugging", "PT1H");
        approve(both, id, Map.of()).statusCode(403).body("code", equalTo("access_denied"))
                .body("reasons", contains("self_decision_forbidden"));
        deny(both, id, "changed my mind").statusCode(403).body("reasons", contains("self_decision_forbidden"));
        approve(PRIYA, id, Map.of()).statusCode(200).body("state", equalTo("approved"));
    }

    @Test
    void twoDistinctApproversAreNeededOnAnNOf2Resource() {
        String dev = newDeveloper();
        String token = Tokens.developer(dev);
        String id = createdId(token, "dataset", "payroll", "analytics", "PT8H");

        approve(PRIYA, id, Map.of()).statusCode(200).body("state", equalTo("pending"))
                .body("approvals", hasSize(1)).body("grant", nullValue());
        read(token, "payroll", "analytics").statusCode(403).body("reasons", contains("tier2_requires_grant"));
        approve(PRIYA, id, Map.of()).statusCode(403).body("reasons", contains("approver_already_approved"));

        approve(PAT, id, Map.of("duration", "PT4H")).statusCode(200).body("state", equalTo("approved"))
                .body("approvals.approver", contains("priya", "pat"))
                .body("grant.id", notNullValue());
        read(token, "payroll", "analytics").statusCode(200);
        // The shortest duration any approver accepted wins.
        clock.advance(Duration.ofHours(4).plusMinutes(1));
        read(token, "payroll", "analytics").statusCode(403);
    }

    @Test
    void deniedRequestGivesNoAccessAndCannotBeApprovedAfterwards() {
        String token = Tokens.developer(newDeveloper());
        String id = createdId(token, "llm_route", "internal", "rag-answer", "P1D");
        deny(PRIYA, id, null).statusCode(400).body("code", equalTo("invalid_request"))
                .body("violations[0].field", equalTo("reason"));
        deny(PRIYA, id, "use the synthetic set").statusCode(200).body("state", equalTo("denied"))
                .body("decision_reason", equalTo("use the synthetic set"));
        approve(PAT, id, Map.of()).statusCode(409).body("code", equalTo("request_not_pending")).body("state", equalTo("denied"));
    }

    @Test
    void unattendedRequestsExpire() {
        String token = Tokens.developer(newDeveloper());
        String betweenSweeps = createdId(token, "dataset", "tickets", "debugging", "PT1H");
        String swept = createdId(token, "dataset", "tickets", "incident-response", "PT1H");
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        // Between two sweeps, a decision on an overdue request finds it expired.
        approve(PRIYA, betweenSweeps, Map.of()).statusCode(409).body("state", equalTo("expired"));
        given().auth().oauth2(token).when().get("/api/access-requests/" + betweenSweeps).then().body("state", equalTo("expired"));
        sweeper.sweep();
        given().auth().oauth2(token).when().get("/api/access-requests/" + swept).then().body("state", equalTo("expired"));
        given().auth().oauth2(PRIYA).when().get("/api/access-requests/pending").then().statusCode(200)
                .body("requests.id", org.hamcrest.Matchers.not(hasItem(swept)));
    }

    @Test
    void requesterWithdrawsOnlyTheirOwnPendingRequest() {
        String token = Tokens.developer(newDeveloper());
        String id = createdId(token, "dataset", "tickets", "debugging", "PT1H");
        given().auth().oauth2(Tokens.developer(newDeveloper())).when().post("/api/access-requests/" + id + "/withdraw")
                .then().statusCode(404).body("code", equalTo("request_not_found"));
        given().auth().oauth2(token).when().post("/api/access-requests/" + id + "/withdraw")
                .then().statusCode(200).body("state", equalTo("withdrawn"));
        given().auth().oauth2(token).when().post("/api/access-requests/" + id + "/withdraw")
                .then().statusCode(409).body("code", equalTo("request_not_pending"));
        approve(PRIYA, id, Map.of()).statusCode(409);
    }

    @Test
    void requestsAreValidatedFieldByField() {
        String token = Tokens.developer(newDeveloper());
        create(token, "dataset", "tickets", "curiosity", "PT1H").statusCode(400)
                .body("code", equalTo("purpose_not_allowed")).body("violations[0].field", equalTo("purpose"));
        create(token, "dataset", "payroll", "analytics", "P2D").statusCode(400)
                .body("code", equalTo("duration_out_of_bounds")).body("violations[0].field", equalTo("duration"));
        create(token, "dataset", "nope", "debugging", "PT1H").statusCode(404).body("code", equalTo("unknown_resource"));
        create(token, "dataset", "handbook", "debugging", "PT1H").statusCode(403)
                .body("reasons", contains("grant_not_needed_for_tier1"));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("resource", Map.of("kind", "dataset", "name", "tickets"), "purpose", "debugging", "duration", "PT1H"))
                .when().post("/api/access-requests").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("justification"));
        given().auth().oauth2(token).contentType("application/json").body("{\"resource\":")
                .when().post("/api/access-requests").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyDevelopersAndServicesAsk() {
        create(PRIYA, "dataset", "tickets", "debugging", "PT1H").statusCode(403).body("reasons", contains("role_not_permitted"));
        create(Tokens.auditor("audrey"), "dataset", "tickets", "debugging", "PT1H").statusCode(403);
        create(Tokens.service("rag-indexer"), "llm_route", "internal", "rag-answer", "PT1H").statusCode(201);
        given().contentType("application/json").body("{}").when().post("/api/access-requests").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void onlyPrivacyApproversDecideAndRevoke() {
        String dev = Tokens.developer(newDeveloper());
        String id = createdId(dev, "dataset", "tickets", "debugging", "PT1H");
        approve(Tokens.developer(newDeveloper()), id, Map.of()).statusCode(403).body("reasons", contains("role_not_permitted"));
        approve(Tokens.auditor("audrey"), id, Map.of()).statusCode(403);
        deny(Tokens.developer(newDeveloper()), id, "no").statusCode(403);
        String grantId = approve(PRIYA, id, Map.of()).statusCode(200).extract().path("grant.id");
        revoke(dev, grantId, "mine").statusCode(403).body("reasons", contains("role_not_permitted"));
        revoke(Tokens.auditor("audrey"), grantId, "no").statusCode(403);
    }

    @Test
    void listsAreForTheirAudiences() {
        String me = newDeveloper();
        String token = Tokens.developer(me);
        String id = createdId(token, "dataset", "tickets", "debugging", "PT1H");
        given().auth().oauth2(token).when().get("/api/access-requests").then().statusCode(200)
                .body("requests.id", contains(id)).body("requests[0].requester", equalTo(me));
        given().auth().oauth2(Tokens.developer(newDeveloper())).when().get("/api/access-requests").then().statusCode(200)
                .body("requests", hasSize(0));
        // Another developer may not look at it; reviewers may.
        given().auth().oauth2(Tokens.developer(newDeveloper())).when().get("/api/access-requests/" + id).then().statusCode(403);
        given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/access-requests/" + id).then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/access-requests/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("request_not_found"));

        given().auth().oauth2(token).when().get("/api/access-requests/pending").then().statusCode(403);
        given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/access-requests/pending").then().statusCode(200)
                .body("requests.id", hasItem(id));

        String grantId = approve(PRIYA, id, Map.of()).statusCode(200).extract().path("grant.id");
        given().auth().oauth2(token).when().get("/api/grants").then().statusCode(403);
        given().auth().oauth2(PAT).queryParam("subject", me).when().get("/api/grants").then().statusCode(200)
                .body("grants.id", contains(grantId)).body("grants[0].resource.name", equalTo("tickets"));
        revoke(PAT, grantId, "done").statusCode(200);
        given().auth().oauth2(PAT).queryParam("subject", me).when().get("/api/grants").then().body("grants", hasSize(0));
        given().auth().oauth2(PAT).queryParam("subject", me).queryParam("active", false).when().get("/api/grants").then()
                .body("grants[0].revoked_by", equalTo("pat"));
    }

    @Test
    void tier2PromptsToARouteNeedAGrantForThatRoute() {
        String token = Tokens.service("svc-" + newDeveloper());
        String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"reply to jane.doe@example.com\"}]}";
        upstream.stubFor(any(urlPathMatching("/internal/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"choices\":[]}")));
        given().auth().oauth2(token).header("X-Tiergate-Purpose", "rag-answer").contentType("application/json").body(chat)
                .when().post("/llm/internal/v1/chat/completions").then().statusCode(403)
                .body("reasons", contains("tier2_requires_grant")).body("request_access.resource.kind", equalTo("llm_route"));
        String id = createdId(token, "llm_route", "internal", "rag-answer", "PT1H");
        approve(PRIYA, id, Map.of()).statusCode(200);
        given().auth().oauth2(token).header("X-Tiergate-Purpose", "rag-answer").contentType("application/json").body(chat)
                .when().post("/llm/internal/v1/chat/completions").then().statusCode(200);
    }

    @Test
    void everyTransitionIsInTheAuditLogWithoutTheJustification() {
        String token = Tokens.developer(newDeveloper());
        String id = createdId(token, "dataset", "tickets", "debugging", "PT1H");
        approve(PRIYA, id, Map.of()).statusCode(200);
        String body = given().auth().oauth2(PRIYA).queryParam("resource", "tickets").queryParam("limit", 50)
                .when().get("/api/audit/events").then().statusCode(200).extract().asString();
        assertThat(body).contains(id).doesNotContain("Investigating ticket TG-1234");
        List<AuditEvent> events = audit.recent(new AuditQueries.Filter(null, null, "tickets", null, null), 50).stream()
                .filter(e -> id.equals(e.targetId())).toList();
        assertThat(events).extracting(AuditEvent::kind).containsOnly(AuditEvent.Kind.TRANSITION);
        assertThat(events).extracting(AuditEvent::outcome).contains("pending", "approved");
        assertThat(events).allSatisfy(e -> assertThat(e.occurredAt()).isBefore(Instant.now().plusSeconds(5)));
    }
}
