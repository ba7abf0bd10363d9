package io.tiergate.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditResourceTest {

    @Test
    void privacyApproverReadsDecisionsWithoutContent() {
        String requestId = "audit-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.developer("bob"))
                .header("X-Request-Id", requestId)
                .contentType("application/json")
                // customer code is refused on a Tier 1 route (personal data alone would be redacted and forwarded)
                .body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"mail bob.smith@example.org about com.acme.billing\"}]}")
                .post("/llm/vendor/v1/chat/completions")
                .then().statusCode(403);

        given().auth().oauth2(Tokens.approver("priya"))
                .queryParam("client_request_id", requestId)
                .when().get("/api/audit/events")
                .then().statusCode(200)
                .body("events", hasSize(1))
                .body("events[0].client_request_id", equalTo(requestId))
                .body("events[0].request_id", not(equalTo(requestId)))
                .body("events[0].hash_form", equalTo("tiergate-audit-v2"))
                .body("events[0].subject_name", equalTo("bob"))
                .body("events[0].subject", equalTo(Tokens.key("bob")))
                .body("events[0].action", equalTo("llm.invoke"))
                .body("events[0].resource", equalTo("vendor"))
                .body("events[0].allowed", equalTo(false))
                .body("events[0].reasons", contains("tier2_content_to_tier1_route"))
                .body("events[0].findings[0].type", equalTo("EMAIL"))
                .body("events[0].findings[0].count", equalTo(1))
                .body("events[0].findings[1].type", equalTo("SOURCE_CODE"))
                .body(not(containsString("bob.smith")));
    }

    @Test
    void auditorReadsToo() {
        given().auth().oauth2(Tokens.auditor("audrey"))
                .queryParam("limit", 5)
                .when().get("/api/audit/events")
                .then().statusCode(200)
                .body("events.size()", org.hamcrest.Matchers.lessThanOrEqualTo(5));
    }

    @Test
    void readingTheAuditLogIsItselfAudited() {
        String requestId = given().auth().oauth2(Tokens.auditor("audrey"))
                .when().get("/api/audit/events").then().statusCode(200).extract().header("X-Request-Id");
        given().auth().oauth2(Tokens.auditor("audrey"))
                .queryParam("request_id", requestId)
                .when().get("/api/audit/events")
                .then().statusCode(200)
                .body("events.action", contains("audit.read"))
                .body("events.allowed", everyItem(equalTo(true)));
    }

    @Test
    void developersMayNotReadTheAuditLog() {
        given().auth().oauth2(Tokens.developer("alice"))
                .when().get("/api/audit/events")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("reasons", contains("role_not_permitted"));
    }

    @Test
    void anonymousCallersAreRefused() {
        given().when().get("/api/audit/events")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void badQueryParametersAreClearErrors() {
        given().auth().oauth2(Tokens.approver("priya"))
                .queryParam("limit", 100000)
                .when().get("/api/audit/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_request"))
                .body("violations[0].field", equalTo("limit"));
    }
}
