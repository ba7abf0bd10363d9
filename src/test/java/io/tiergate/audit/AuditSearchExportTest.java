package io.tiergate.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tiergate.testing.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Search (filters, time range, paging) and streamed export, for privacy approvers and auditors only. */
@QuarkusTest
class AuditSearchExportTest {

    /** Three denied reads by a fresh actor; returns the actor. */
    private static String threeDenials() {
        String actor = "searcher-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(Tokens.developer(actor)).when().get("/datasets/handbook/records").then().statusCode(403);
        }
        return actor;
    }

    @Test
    void searchesByActorActionOutcomeAndTimeAndPagesBackwards() {
        Instant before = Instant.now().minusSeconds(1);
        String actor = threeDenials();
        // Newer rows of the same actor that each filter must leave out: allowed, and another resource.
        given().auth().oauth2(Tokens.developer(actor)).header("X-Tiergate-Purpose", "debugging").when()
                .get("/datasets/handbook/records");
        given().auth().oauth2(Tokens.developer(actor)).header("X-Tiergate-Purpose", "debugging").when()
                .get("/datasets/tickets/records").then().statusCode(403);
        JsonPath first = given().auth().oauth2(Tokens.auditor("audrey"))
                .queryParam("actor", actor).queryParam("action", "dataset.read").queryParam("outcome", "deny")
                .queryParam("resource", "handbook").queryParam("from", before.toString()).queryParam("limit", 2)
                .when().get("/api/audit/events").then().statusCode(200)
                .body("events", hasSize(2))
                .body("events.subject_name", everyItem(equalTo(actor)))
                .body("events.subject", everyItem(equalTo(Tokens.key(actor))))
                .body("events.reasons.flatten()", everyItem(equalTo("purpose_required")))
                .extract().jsonPath();
        long next = first.getLong("next_before");
        assertThat(first.getList("events.seq", Long.class)).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        given().auth().oauth2(Tokens.auditor("audrey")).queryParam("actor", actor).queryParam("before", next).queryParam("limit", 2)
                .when().get("/api/audit/events").then().statusCode(200)
                .body("events", hasSize(1)).body("next_before", nullValue());
        given().auth().oauth2(Tokens.auditor("audrey")).queryParam("actor", actor).queryParam("outcome", "allow")
                .when().get("/api/audit/events").then().statusCode(200)
                .body("events", hasSize(1)).body("events[0].resource", equalTo("handbook"));
        given().auth().oauth2(Tokens.auditor("audrey")).queryParam("actor", Tokens.key(actor)).queryParam("resource", "tickets")
                .when().get("/api/audit/events").then().statusCode(200)
                .body("events", hasSize(1)).body("events[0].reasons", contains("tier2_requires_grant"));
        given().auth().oauth2(Tokens.auditor("audrey")).queryParam("actor", actor).queryParam("to", before.toString())
                .when().get("/api/audit/events").then().statusCode(200).body("events", hasSize(0));
    }

    @Test
    void exportsJsonLinesAndCsvOldestFirst() {
        String actor = threeDenials();
        String jsonl = given().auth().oauth2(Tokens.approver("priya")).queryParam("actor", actor).queryParam("format", "jsonl")
                .when().get("/api/audit/export").then().statusCode(200).contentType("application/jsonl")
                .extract().asString();
        List<String> lines = jsonl.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines).allSatisfy(l -> assertThat(JsonPath.from(l).getString("subject_name")).isEqualTo(actor));
        assertThat(JsonPath.from(lines.get(0)).getLong("seq")).isLessThan(JsonPath.from(lines.get(2)).getLong("seq"));

        String csv = given().auth().oauth2(Tokens.auditor("audrey")).queryParam("actor", actor).queryParam("format", "csv")
                .when().get("/api/audit/export").then().statusCode(200).contentType("text/csv")
                .extract().asString();
        List<String> rows = csv.lines().toList();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).startsWith("seq,event_id,occurred_at,kind,");
        assertThat(rows.get(1)).contains("," + Tokens.key(actor) + "," + actor + ",user,dataset.read,dataset,handbook,");
    }

    @Test
    void developersMayNeitherSearchNorExport() {
        given().auth().oauth2(Tokens.developer("alice")).queryParam("format", "csv").when().get("/api/audit/export")
                .then().statusCode(403).contentType("application/problem+json").body("reasons[0]", equalTo("role_not_permitted"));
        given().auth().oauth2(Tokens.service("rag")).when().get("/api/audit/events").then().statusCode(403);
        given().when().get("/api/audit/export").then().statusCode(401);
    }

    @Test
    void badFiltersNameTheField() {
        given().auth().oauth2(Tokens.auditor("audrey")).queryParam("from", "yesterday").when().get("/api/audit/events")
                .then().statusCode(400).body("violations[0].field", equalTo("from"));
        given().auth().oauth2(Tokens.auditor("audrey")).queryParam("format", "xml").when().get("/api/audit/export")
                .then().statusCode(400).body("violations[0].field", equalTo("format"));
    }
}
