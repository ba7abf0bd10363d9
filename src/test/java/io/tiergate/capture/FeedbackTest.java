package io.tiergate.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.policy.AuditActions;
import io.tiergate.testing.CaptureRows;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/inferences/{id}/feedback}: by the subject who made the call or a service with
 * the evaluator role, on metrics declared in configuration (src/test/resources/application.properties),
 * audited; 404 for an unknown call, 403 for anyone else, 400 for an undeclared metric or a bad value.
 */
@QuarkusTest
class FeedbackTest {

    @Inject
    AuditQueries audit;

    String maker;
    String inferenceId;

    @BeforeEach
    void aCapturedCall() {
        maker = "fay-" + UUID.randomUUID().toString().substring(0, 6);
        String model = "script-" + UUID.randomUUID();
        UpstreamStubResource.ANSWERS.put(model, List.of("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Tuesday.\"},\"finish_reason\":\"stop\"}]}"));
        inferenceId = given().auth().oauth2(Tokens.developer(maker)).contentType("application/json")
                .body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Which day?\"}]}")
                .when().post("/llm/answers/v1/chat/completions")
                .then().statusCode(200).extract().header(Captures.INFERENCE_ID_HEADER);
        CaptureRows.awaitCapture(inferenceId);
    }

    private static ValidatableResponse feedback(String token, String id, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/api/inferences/" + id + "/feedback").then();
    }

    private List<AuditEvent> feedbackEvents() {
        return audit.recent(new AuditQueries.Filter(null, AuditActions.INFERENCE_FEEDBACK, null, null, null), 100).stream()
                .filter(e -> inferenceId.equals(e.targetId())).toList();
    }

    @Test
    void theCallerRecordsFeedbackAndItIsAudited() {
        feedback(Tokens.developer(maker), inferenceId, "{\"metric\":\"helpful\",\"value\":true}")
                .statusCode(201).body("inference_id", equalTo(inferenceId)).body("metric", equalTo("helpful"))
                .body("value", equalTo(true));
        feedback(Tokens.developer(maker), inferenceId, "{\"metric\":\"accuracy\",\"value\":0.75}")
                .statusCode(201).body("value", equalTo(0.75f));

        List<AuditEvent> events = feedbackEvents();
        assertThat(events).hasSize(2);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(AuditEvent.Kind.FEEDBACK);
            assertThat(e.subjectId()).isEqualTo(Tokens.key(maker));
            assertThat(e.resourceName()).isEqualTo("answers");
            assertThat(e.reasons()).containsExactly("caller_feedback");
        });
        assertThat(events).anySatisfy(e -> assertThat(e.details()).contains("metric=accuracy; value=0.75"));
    }

    @Test
    void aServiceWithTheEvaluatorRoleRecordsFeedbackOnAnotherSubjectsCall() {
        feedback(Tokens.token("grader", "service", "evaluator"), inferenceId, "{\"metric\":\"accuracy\",\"value\":1}")
                .statusCode(201);
        assertThat(feedbackEvents()).singleElement().satisfies(e -> assertThat(e.reasons()).containsExactly("evaluator_feedback"));
    }

    @Test
    void anyoneElseIsForbidden() {
        feedback(Tokens.developer("someone-else"), inferenceId, "{\"metric\":\"helpful\",\"value\":false}")
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("feedback_not_permitted"));
        // the evaluator role counts for services only, and a service without it is anyone else
        feedback(Tokens.token("eve", "developer", "evaluator"), inferenceId, "{\"metric\":\"helpful\",\"value\":false}")
                .statusCode(403).body("code", equalTo("feedback_not_permitted"));
        feedback(Tokens.service("indexer"), inferenceId, "{\"metric\":\"helpful\",\"value\":false}")
                .statusCode(403).body("code", equalTo("feedback_not_permitted"));
        assertThat(feedbackEvents()).isEmpty();
    }

    @Test
    void anUnknownCallIsNotFound() {
        feedback(Tokens.developer(maker), UUID.randomUUID().toString(), "{\"metric\":\"helpful\",\"value\":true}")
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("unknown_inference"));
    }

    @Test
    void anUndeclaredMetricOrABadValueIsABadRequest() {
        String token = Tokens.developer(maker);
        feedback(token, inferenceId, "{\"metric\":\"vibes\",\"value\":true}")
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("unknown_metric"));
        feedback(token, inferenceId, "{\"metric\":\"accuracy\",\"value\":1.5}")
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_feedback_value"));
        feedback(token, inferenceId, "{\"metric\":\"accuracy\",\"value\":-0.1}")
                .statusCode(400).body("code", equalTo("invalid_feedback_value"));
        feedback(token, inferenceId, "{\"metric\":\"helpful\",\"value\":\"yes\"}")
                .statusCode(400).body("code", equalTo("invalid_feedback_value"));
        feedback(token, inferenceId, "{\"metric\":\"note\",\"value\":\"\"}")
                .statusCode(400).body("code", equalTo("invalid_feedback_value"));
        feedback(token, inferenceId, "{\"metric\":\"helpful\"}").statusCode(400).contentType("application/problem+json");
        assertThat(feedbackEvents()).isEmpty();
    }

    @Test
    void aCommentIsStoredButItsTextNeverReachesTheAuditLog() throws Exception {
        feedback(Tokens.developer(maker), inferenceId, "{\"metric\":\"note\",\"value\":\"Ask Maria Lopez about it\"}")
                .statusCode(201).body("value", equalTo("Ask Maria Lopez about it"));
        assertThat(feedbackEvents()).singleElement()
                .satisfies(e -> assertThat(e.details()).contains("comment (24 characters)").doesNotContain("Maria"));
        try (var c = CaptureRows.asApp(); var q = c.prepareStatement(
                "select value_comment from inference_feedback where inference_id = ?")) {
            q.setObject(1, UUID.fromString(inferenceId));
            try (var rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Ask Maria Lopez about it");
            }
        }
    }

    @Test
    void withoutATokenFeedbackIsUnauthorized() {
        given().contentType("application/json").body(Map.of("metric", "helpful", "value", true))
                .when().post("/api/inferences/" + inferenceId + "/feedback").then().statusCode(401);
    }
}
