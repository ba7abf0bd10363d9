package io.tiergate.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.policy.AuditActions;
import io.tiergate.testing.CaptureRows;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/captures/erase}: privacy approvers only (the policy's {@code capture.erase}),
 * by subject, by inference id, or by an exact value in full captures (never redacted ones); the
 * feedback of erased calls goes too; audited with a SHA-256 of the value, never the value; the
 * runtime role still cannot DELETE captures itself, only call the owning role's function.
 */
@QuarkusTest
class CaptureErasureTest {

    private static final String APPROVER = Tokens.approver("priya-erase");

    @Inject
    AuditQueries audit;

    private static ValidatableResponse erase(String token, Object body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/api/captures/erase").then();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A capture written as the capture writer writes it (the runtime role may insert). */
    private static UUID capture(String subject, String mode, String request, String answer, Instant at) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = CaptureRows.asApp(); PreparedStatement q = c.prepareStatement("insert into capture (inference_id, "
                + "captured_at, route, subject_id, subject_type, purpose, capture_mode, request, answer, latency_ms, status, tier, "
                + "finding_types) values (?, ?, 'answers', ?, 'user', '', ?, ?::jsonb, ?::jsonb, 1, 200, 1, '{}')")) {
            q.setObject(1, id);
            q.setTimestamp(2, Timestamp.from(at));
            q.setString(3, subject);
            q.setString(4, mode);
            q.setString(5, request);
            q.setString(6, answer);
            q.executeUpdate();
        }
        return id;
    }

    private static void feedback(UUID inferenceId, String subject, String comment) throws SQLException {
        try (Connection c = CaptureRows.asApp(); PreparedStatement q = c.prepareStatement("insert into inference_feedback (id, "
                + "inference_id, captured_at, route, metric, value_comment, subject_id, subject_type, created_at) "
                + "values (?, ?, now(), 'answers', 'note', ?, ?, 'user', now())")) {
            q.setObject(1, UUID.randomUUID());
            q.setObject(2, inferenceId);
            q.setString(3, comment);
            q.setString(4, subject);
            q.executeUpdate();
        }
    }

    private static boolean stored(UUID inferenceId) throws SQLException {
        return count("select count(*) from capture where inference_id = ?", inferenceId) > 0;
    }

    private static long feedbackOn(UUID inferenceId) throws SQLException {
        return count("select count(*) from inference_feedback where inference_id = ?", inferenceId);
    }

    private static long count(String sql, Object parameter) throws SQLException {
        try (Connection c = CaptureRows.asApp(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String chat(String text) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private static String answer(String text) {
        return "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"}}]}";
    }

    private List<AuditEvent> erasures(String decisionId) {
        return audit.recent(new AuditQueries.Filter(null, AuditActions.CAPTURE_ERASED, null, null, null), 200).stream()
                .filter(e -> decisionId.equals(e.targetId())).toList();
    }

    @Test
    void erasesACallByItsInferenceIdWithItsFeedback() throws Exception {
        String maker = unique("fay");
        String model = "script-" + UUID.randomUUID();
        UpstreamStubResource.ANSWERS.put(model, List.of("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Tuesday.\"},\"finish_reason\":\"stop\"}]}"));
        String inferenceId = given().auth().oauth2(Tokens.developer(maker)).contentType("application/json")
                .body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Which day?\"}]}")
                .when().post("/llm/answers/v1/chat/completions")
                .then().statusCode(200).extract().header(Captures.INFERENCE_ID_HEADER);
        CaptureRows.awaitCapture(inferenceId);
        given().auth().oauth2(Tokens.developer(maker)).contentType("application/json")
                .body(Map.of("metric", "note", "value", "Ask Maria Lopez")).when().post("/api/inferences/" + inferenceId + "/feedback")
                .then().statusCode(201);
        UUID id = UUID.fromString(inferenceId);
        UUID other = capture(Tokens.key(maker), "full", chat("another"), null, Instant.now());

        String decisionId = erase(APPROVER, Map.of("inference_id", inferenceId)).statusCode(200)
                .body("selector", equalTo("inference")).body("erased_captures", equalTo(1)).body("erased_feedback", equalTo(1))
                .extract().path("decision_id");

        assertThat(stored(id)).isFalse();
        assertThat(feedbackOn(id)).isZero();
        assertThat(stored(other)).as("another call of the same subject").isTrue();
        assertThat(erasures(decisionId)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(AuditEvent.Kind.OPERATION);
            assertThat(e.subjectId()).isEqualTo(Tokens.key("priya-erase"));
            assertThat(e.outcome()).isEqualTo("erased");
            assertThat(e.details()).isEqualTo("selector=inference; value_sha256=" + CaptureErasure.sha256(inferenceId)
                    + "; captures=1; feedback=1");
        });
        // the same id again: nothing left
        erase(APPROVER, Map.of("inference_id", inferenceId)).statusCode(200).body("erased_captures", equalTo(0));
    }

    @Test
    void erasesEveryCallOfASubjectAndTheFeedbackItGave() throws Exception {
        String person = Tokens.key(unique("sam"));
        String someoneElse = Tokens.key(unique("kim"));
        UUID today = capture(person, "full", chat("hello"), answer("hi"), Instant.now());
        UUID yesterday = capture(person, "redacted", chat("<EMAIL_1>"), null, Instant.now().minus(Duration.ofDays(1)));
        UUID theirs = capture(someoneElse, "full", chat("hello"), null, Instant.now());
        feedback(today, person, "fine");
        feedback(theirs, person, "graded by the person");
        feedback(theirs, someoneElse, "kept");

        String decisionId = erase(APPROVER, Map.of("subject", person)).statusCode(200)
                .body("selector", equalTo("subject")).body("erased_captures", equalTo(2)).body("erased_feedback", equalTo(2))
                .extract().path("decision_id");

        assertThat(stored(today)).isFalse();
        assertThat(stored(yesterday)).isFalse();
        assertThat(stored(theirs)).isTrue();
        assertThat(feedbackOn(today)).isZero();
        assertThat(feedbackOn(theirs)).as("only the other subject's own feedback stays").isEqualTo(1);
        assertThat(erasures(decisionId)).singleElement()
                .satisfies(e -> assertThat(e.details()).doesNotContain(person).contains(CaptureErasure.sha256(person)));
    }

    @Test
    void erasesFullCapturesHoldingAValueAnywhereButNeverTouchesRedactedOnes() throws Exception {
        String email = unique("maria") + "@example.com";
        UUID inRequest = capture(Tokens.key("a"), "full", chat("Write to " + email + " today"), answer("Done."), Instant.now());
        UUID inAnswer = capture(Tokens.key("b"), "full", chat("Who is it?"), answer("It is " + email), Instant.now());
        UUID inKey = capture(Tokens.key("c"), "full", "{\"model\":\"m\",\"metadata\":{\"" + email + "\":1}}", null, Instant.now());
        // a redacted capture never holds the value; were it there, erasure by value still leaves it alone
        UUID redacted = capture(Tokens.key("d"), "redacted", chat("Write to " + email), null, Instant.now());
        UUID unrelated = capture(Tokens.key("e"), "full", chat("Write to someone@example.com"), null, Instant.now());
        feedback(inAnswer, Tokens.key("b"), "Quotes " + email);

        String decisionId = erase(APPROVER, Map.of("value", email)).statusCode(200)
                .body("selector", equalTo("value")).body("erased_captures", equalTo(3)).body("erased_feedback", equalTo(1))
                .extract().path("decision_id");

        assertThat(stored(inRequest)).isFalse();
        assertThat(stored(inAnswer)).isFalse();
        assertThat(stored(inKey)).isFalse();
        assertThat(feedbackOn(inAnswer)).isZero();
        assertThat(stored(redacted)).isTrue();
        assertThat(stored(unrelated)).isTrue();
        List<AuditEvent> events = erasures(decisionId);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.details())
                .isEqualTo("selector=value; value_sha256=" + CaptureErasure.sha256(email) + "; captures=3; feedback=1"));
        // the value is in no audit event at all, not even the decision's
        try (Connection c = CaptureRows.asApp(); PreparedStatement q = c.prepareStatement(
                "select count(*) from audit_event where strpos(audit_event::text, ?) > 0")) {
            q.setString(1, email);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void aValueWithQuotesIsFoundAsTheJsonHoldsIt() throws Exception {
        String value = "id \"" + UUID.randomUUID() + "\\x";
        String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
        UUID id = capture(Tokens.key("q"), "full", chat("customer " + escaped), null, Instant.now());
        erase(APPROVER, Map.of("value", value)).statusCode(200).body("erased_captures", equalTo(1));
        assertThat(stored(id)).isFalse();
    }

    @Test
    void anyoneButAPrivacyApproverIsRefused() throws Exception {
        String person = Tokens.key(unique("ned"));
        UUID id = capture(person, "full", chat("hello"), null, Instant.now());
        for (String token : List.of(Tokens.developer("dev-erase"), Tokens.auditor("aude-erase"), Tokens.service("svc-erase"),
                Tokens.token("evaluator-erase", "service", "evaluator"))) {
            erase(token, Map.of("subject", person)).statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("access_denied")).body("reasons", hasItem("role_not_permitted"));
        }
        assertThat(stored(id)).isTrue();
        given().contentType("application/json").body(Map.of("subject", person)).when().post("/api/captures/erase")
                .then().statusCode(401);
    }

    @Test
    void noSelectorMoreThanOneOrAnEmptyOrMalformedValueIsABadRequest() throws Exception {
        String person = Tokens.key(unique("ola"));
        UUID id = capture(person, "full", chat("hello"), null, Instant.now());
        erase(APPROVER, Map.of()).statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_erase_selector"));
        erase(APPROVER, Map.of("subject", person, "inference_id", id.toString())).statusCode(400)
                .body("code", equalTo("invalid_erase_selector"));
        erase(APPROVER, Map.of("value", "")).statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_erase_value")).body("violations[0].field", equalTo("value"));
        erase(APPROVER, Map.of("value", "  ")).statusCode(400).body("code", equalTo("invalid_erase_value"));
        erase(APPROVER, Map.of("value", "ab")).statusCode(400).body("code", equalTo("invalid_erase_value"));
        erase(APPROVER, Map.of("inference_id", "not-a-uuid")).statusCode(400).body("code", equalTo("invalid_erase_value"))
                .body("violations[0].field", equalTo("inference_id"));
        erase(APPROVER, Map.of("subject", "ola")).statusCode(400).body("code", equalTo("invalid_erase_value"));
        assertThat(stored(id)).isTrue();
    }

    @Test
    void theRuntimeRoleCannotDeleteCapturesItselfOnlyCallTheErasure() throws Exception {
        UUID id = capture(Tokens.key(unique("rui")), "full", chat("hello"), null, Instant.now());
        try (Connection app = CaptureRows.asApp(); Statement sql = app.createStatement()) {
            assertThatThrownBy(() -> sql.execute("delete from capture where inference_id = '" + id + "'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("delete from inference_feedback where inference_id = '" + id + "'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("truncate capture")).hasMessageContaining("permission denied");
            assertThat(stored(id)).isTrue();
            try (ResultSet rs = sql.executeQuery("select erased_captures from capture_erase('inference', '" + id + "')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            assertThatThrownBy(() -> sql.execute("select * from capture_erase('everything', 'x')"))
                    .hasMessageContaining("unknown selector");
        }
        try (Connection owner = CaptureRows.asOwner(); Statement sql = owner.createStatement();
                ResultSet rs = sql.executeQuery("select p.prosecdef, p.proconfig::text, r.rolname, "
                        + "has_function_privilege('public', p.oid, 'execute') from pg_proc p join pg_roles r on r.oid = p.proowner "
                        + "where p.proname = 'capture_erase'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("security definer").isTrue();
            assertThat(rs.getString(2)).contains("search_path=").contains("pg_temp");
            assertThat(rs.getString(3)).isEqualTo("tiergate");
            assertThat(rs.getBoolean(4)).as("PUBLIC may not execute it").isFalse();
        }
    }
}
