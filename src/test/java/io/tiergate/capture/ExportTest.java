package io.tiergate.capture;

import static io.restassured.RestAssured.given;
import static io.tiergate.capture.CuratedCalls.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.capture.rest.ExportResource;
import io.tiergate.testing.GrantRows;
import io.tiergate.testing.Tokens;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/exports}: a route's captures as an OpenAI chat fine-tuning file or an
 * evaluation file, decided as {@code dataset.export} (Tier 2 captures only under a grant for the
 * capture dataset, for fine-tuning or model evaluation), audited with the number of records and
 * the SHA-256 of exactly the bytes downloaded, redacted captures with their placeholders only.
 */
@QuarkusTest
class ExportTest {

    @Inject
    AuditQueries audit;

    @Inject
    ObjectMapper mapper;

    private static ValidatableResponse export(String caller, String purpose, Map<String, Object> body) {
        var request = given().auth().oauth2(Tokens.developer(caller)).contentType("application/json");
        if (purpose != null) {
            request = request.header("X-Tiergate-Purpose", purpose);
        }
        return request.body(body).when().post("/api/exports").then();
    }

    private static Map<String, Object> body(String route, Instant from, Instant to, String format) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("route", route);
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("format", format);
        return body;
    }

    private List<JsonNode> lines(String file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : file.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(mapper.readTree(line));
            }
        }
        return lines;
    }

    private AuditEvent decisionEvent(String decisionId) {
        return audit.recent(new AuditQueries.Filter(null, "dataset.export", null, null, null), 200).stream()
                .filter(e -> e.eventId().toString().equals(decisionId)).findFirst().orElseThrow();
    }

    @Test
    void exportsTier1CapturesAsOpenAiChatFineTuningLinesValidAgainstItsSchema() throws Exception {
        String caller = CuratedCalls.newCaller("fern");
        Instant from = CuratedCalls.before();
        CuratedCalls.captured("curated", caller, "You answer in one sentence.", "When does the release train leave?", "On Tuesdays.");
        CuratedCalls.captured("curated", caller, null, "Where is the handbook?", "In the wiki.");
        Instant to = CuratedCalls.after();

        ExtractableResponse<Response> response = export(caller, "fine-tuning", body("curated", from, to, "openai-chat"))
                .statusCode(200).contentType("application/x-ndjson").extract();
        assertThat(response.header("Content-Disposition")).startsWith("attachment; filename=\"captures-curated-openai-chat-");
        List<JsonNode> lines = lines(response.asString());
        assertThat(lines).hasSize(2);
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/schemas/openai-chat-fine-tuning.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        for (JsonNode line : lines) {
            assertThat(schema.validate(line)).as(line.toString()).isEmpty();
            JsonNode messages = line.get("messages");
            assertThat(messages.get(messages.size() - 1).get("role").asText()).isEqualTo("assistant");
        }
        assertThat(lines.get(0).toString()).isEqualTo("{\"messages\":[{\"role\":\"system\",\"content\":\"You answer in one sentence.\"},"
                + "{\"role\":\"user\",\"content\":\"When does the release train leave?\"},{\"role\":\"assistant\",\"content\":\"On Tuesdays.\"}]}");
    }

    @Test
    void theExportsAuditEventCarriesTheRecordCountAndTheSha256OfTheDownloadedBytes() throws Exception {
        String caller = CuratedCalls.newCaller("hal");
        Instant from = CuratedCalls.before();
        CuratedCalls.captured("curated", caller, null, "Which day?", "Tuesday.");
        CuratedCalls.captured("curated", caller, null, "Which week?", "The next one.");
        CuratedCalls.captured("curated", caller, null, "Which month?", "December.");
        Instant to = CuratedCalls.after();

        ExtractableResponse<Response> response = export(caller, "model-evaluation", body("curated", from, to, "evaluation"))
                .statusCode(200).extract();
        byte[] bytes = response.asByteArray();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(response.header(ExportResource.SHA256_HEADER)).isEqualTo(sha256);
        assertThat(response.header(ExportResource.RECORDS_HEADER)).isEqualTo("3");

        AuditEvent event = decisionEvent(response.header(ExportResource.DECISION_HEADER));
        assertThat(event.allowed()).isTrue();
        assertThat(event.resourceName()).isEqualTo("captures/curated");
        assertThat(event.details()).contains("records=3;").contains("sha256=" + sha256).contains("format=evaluation");

        List<JsonNode> lines = lines(new String(bytes, StandardCharsets.UTF_8));
        assertThat(lines).extracting(l -> l.get("reference_output").asText()).containsExactly("Tuesday.", "The next one.", "December.");
        assertThat(lines.get(0).at("/input/messages/0/content").asText()).isEqualTo("Which day?");
        assertThat(lines.get(0).at("/metadata/route").asText()).isEqualTo("curated");
        assertThat(lines.get(0).at("/metadata/tier").asInt()).isEqualTo(1);
    }

    @Test
    void refusesATier2ExportWithoutAGrantAndExportsItsPlaceholdersOnlyWithOne() throws Exception {
        String caller = CuratedCalls.newCaller("ines");
        Instant from = CuratedCalls.before();
        CuratedCalls.captured("curated", caller, null, "Write to " + EMAIL + " about the refund", "Sent to " + EMAIL + ".");
        Instant to = CuratedCalls.after();

        String denied = export(caller, "fine-tuning", body("curated", from, to, "openai-chat"))
                .statusCode(403).contentType("application/problem+json").body("reasons", equalTo(List.of("tier2_requires_grant")))
                .body("request_access.resource.name", equalTo("captures/curated")).extract().asString();
        assertThat(denied).doesNotContain(EMAIL);

        CuratedCalls.granted(caller, "captures/curated", "fine-tuning");
        ExtractableResponse<Response> response = export(caller, "fine-tuning", body("curated", from, to, "openai-chat"))
                .statusCode(200).extract();
        String file = response.asString();
        assertThat(response.header(ExportResource.RECORDS_HEADER)).isEqualTo("1");
        assertThat(file).contains("<EMAIL_1>").doesNotContain(EMAIL).doesNotContain("acmecorp");
        assertThat(decisionEvent(response.header(ExportResource.DECISION_HEADER)).reasons()).containsExactly("tier2_grant_active");
    }

    /** On a Tier 2 route under a grant the address goes upstream and comes back in clear; the export still holds only its placeholder. */
    @Test
    void exportsRedactedCapturesWithTheirPlaceholdersEvenWhenTheCallWentInClear() throws Exception {
        String caller = CuratedCalls.newCaller("ivo");
        GrantRows.activeOnRoute(caller, "curated-private");
        Instant from = CuratedCalls.before();
        CuratedCalls.captured("curated-private", caller, null, "Write to " + EMAIL + " about the refund", "Wrote to " + EMAIL + ".");
        Instant to = CuratedCalls.after();

        export(caller, "fine-tuning", body("curated-private", from, to, "evaluation"))
                .statusCode(403).body("reasons", equalTo(List.of("tier2_requires_grant")));
        CuratedCalls.granted(caller, "captures/curated-private", "fine-tuning");
        export(caller, "debugging", body("curated-private", from, to, "evaluation"))
                .statusCode(403).body("reasons", equalTo(List.of("export_purpose_not_permitted", "tier2_requires_grant")));
        List<JsonNode> lines = lines(export(caller, "fine-tuning", body("curated-private", from, to, "evaluation"))
                .statusCode(200).extract().asString());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).at("/input/messages/0/content").asText()).isEqualTo("Write to <EMAIL_1> about the refund");
        assertThat(lines.get(0).get("reference_output").asText()).isEqualTo("Wrote to <EMAIL_1>.");
        assertThat(lines.get(0).at("/metadata/capture_mode").asText()).isEqualTo("redacted");
        assertThat(lines.get(0).toString()).doesNotContain(EMAIL);
    }

    @Test
    void keepsOnlyTheCallsTheFiltersName() throws Exception {
        String caller = CuratedCalls.newCaller("flo");
        Instant from = CuratedCalls.before();
        String good = CuratedCalls.captured("curated", caller, null, "Good question", "Good answer.");
        String poor = CuratedCalls.captured("curated", caller, null, "Poor question", "Poor answer.");
        CuratedCalls.captured("curated", caller, null, "Mail " + EMAIL, "Mailed.");
        Instant to = CuratedCalls.after();
        for (String[] f : new String[][] {{good, "0.9"}, {poor, "0.2"}}) {
            given().auth().oauth2(Tokens.developer(caller)).contentType("application/json")
                    .body("{\"metric\":\"accuracy\",\"value\":" + f[1] + "}").when().post("/api/inferences/" + f[0] + "/feedback")
                    .then().statusCode(201);
        }

        Map<String, Object> body = body("curated", from, to, "evaluation");
        body.put("filters", Map.of("feedback", List.of(Map.of("metric", "accuracy", "at_least", 0.5)), "without_findings", true));
        List<JsonNode> lines = lines(export(caller, "model-evaluation", body).statusCode(200).extract().asString());
        assertThat(lines).extracting(l -> l.at("/metadata/inference_id").asText()).containsExactly(good);
        assertThat(lines.get(0).at("/metadata/feedback/accuracy").asDouble()).isEqualTo(0.9);

        body.put("filters", Map.of("without_findings", true));
        assertThat(lines(export(caller, "model-evaluation", body).statusCode(200).extract().asString()))
                .extracting(l -> l.at("/metadata/inference_id").asText()).containsExactly(good, poor);
    }

    @Test
    void refusesBadBodiesAsProblems() {
        String caller = CuratedCalls.newCaller("bo");
        Instant now = Instant.now();
        export(caller, "fine-tuning", body("curated", now.minusSeconds(60), now, "csv"))
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("unknown_format"));
        export(caller, "fine-tuning", body("curated", now, now.minusSeconds(60), "openai-chat"))
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_range"));
        export(caller, "fine-tuning", body("no-such-route", now.minusSeconds(60), now, "openai-chat"))
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("unknown_route"));
        Map<String, Object> undeclared = body("curated", now.minusSeconds(60), now, "evaluation");
        undeclared.put("filters", Map.of("feedback", List.of(Map.of("metric", "stars", "at_least", 3))));
        export(caller, "fine-tuning", undeclared).statusCode(400).body("code", equalTo("unknown_metric"));
        Map<String, Object> wrongType = body("curated", now.minusSeconds(60), now, "evaluation");
        wrongType.put("filters", Map.of("feedback", List.of(Map.of("metric", "helpful", "at_least", 0.5))));
        export(caller, "fine-tuning", wrongType).statusCode(400).body("code", equalTo("invalid_filter"));
        Map<String, Object> noRange = body("curated", now.minusSeconds(60), now, "evaluation");
        noRange.remove("from");
        export(caller, "fine-tuning", noRange).statusCode(400).contentType("application/problem+json");
        Map<String, Object> nullFilter = body("curated", now.minusSeconds(60), now, "evaluation");
        nullFilter.put("filters", Map.of("feedback", Arrays.asList((Object) null)));
        export(caller, "fine-tuning", nullFilter).statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_request"));
        Map<String, Object> nullVariant = body("curated", now.minusSeconds(60), now, "evaluation");
        nullVariant.put("variants", Arrays.asList((Object) null));
        export(caller, "fine-tuning", nullVariant).statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_request"));
    }

    @Test
    void anAuditorMayNotExport() {
        Instant later = Instant.now().plusSeconds(3600); // a range without captures: the role alone decides
        given().auth().oauth2(Tokens.auditor(CuratedCalls.newCaller("aude"))).contentType("application/json")
                .header("X-Tiergate-Purpose", "model-evaluation").body(body("curated", later, later.plusSeconds(60), "evaluation"))
                .when().post("/api/exports").then()
                .statusCode(403).body("reasons", equalTo(List.of("role_not_permitted")));
    }
}
