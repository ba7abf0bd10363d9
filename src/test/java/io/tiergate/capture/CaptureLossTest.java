package io.tiergate.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.policy.AuditActions;
import io.tiergate.testing.CaptureRows;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A capture never delays or fails a call: with the queue full, or the capture store refusing the
 * writer (while the audit log still writes), calls go on as before, and the captures lost are
 * counted and summarised in the audit log as capture.dropped with the count.
 */
@QuarkusTest
@TestProfile(CaptureLossTest.SmallQueue.class)
class CaptureLossTest {

    /** A queue of two, one capture per batch, drops reported every second. */
    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tiergate.capture.queue-capacity", "2", "tiergate.capture.max-batch", "1",
                    "tiergate.capture.drop-report-interval", "1s");
        }
    }

    @Inject
    MeterRegistry registry;

    @Inject
    AuditQueries audit;

    private double dropped(String reason) {
        return registry.find("tiergate.captures.dropped").tag("reason", reason).counter().count();
    }

    private static String call() {
        String model = "script-" + UUID.randomUUID();
        UpstreamStubResource.ANSWERS.put(model, List.of("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},\"finish_reason\":\"stop\"}]}"));
        return given().auth().oauth2(Tokens.developer("lena")).contentType("application/json")
                .body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"How are you?\"}]}")
                .when().post("/llm/answers/v1/chat/completions")
                .then().statusCode(200).extract().header(Captures.INFERENCE_ID_HEADER);
    }

    private List<AuditEvent> dropEvents() {
        return audit.recent(new AuditQueries.Filter(null, AuditActions.CAPTURE_DROPPED, null, null, null), 50);
    }

    @Test
    void aFullQueueDropsCapturesCountsThemAndLeavesTheCallsAlone() throws Exception {
        double before = dropped("queue_full");
        int eventsBefore = dropEvents().size();
        List<String> ids = new ArrayList<>();
        try (Connection owner = CaptureRows.asOwner()) {
            owner.setAutoCommit(false);
            try (Statement lock = owner.createStatement()) {
                // the writer's INSERT waits behind this lock: the queue fills up behind it
                lock.execute("lock table capture in access exclusive mode");
            }
            for (int i = 0; i < 6; i++) {
                ids.add(call());
            }
            owner.rollback();
        }
        // one in the writer's hands, two queued: the other three dropped
        assertThat(dropped("queue_full") - before).isGreaterThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> dropEvents().size() > eventsBefore);
        AuditEvent event = dropEvents().get(0);
        assertThat(event.kind()).isEqualTo(AuditEvent.Kind.OPERATION);
        assertThat(event.reasons()).contains("queue_full");
        assertThat(event.details()).containsPattern("count=[3-9]").contains("queue_full=");
        // what was queued is written once the store lets the writer in
        CaptureRows.awaitCapture(ids.get(0));
    }

    @Test
    void aCaptureStoreThatRefusesTheWriterLosesCapturesNotCalls() throws Exception {
        double before = dropped("write_failed");
        try (Connection owner = CaptureRows.asOwner(); Statement sql = owner.createStatement()) {
            sql.execute("revoke insert on capture from tiergate_app");
            try {
                String id = call();
                await().atMost(Duration.ofSeconds(10)).until(() -> dropped("write_failed") - before >= 1);
                assertThat(CaptureRows.find(id)).isEmpty();
                await().atMost(Duration.ofSeconds(10)).until(() -> dropEvents().stream()
                        .anyMatch(e -> e.reasons().contains("write_failed") && e.details().contains("write_failed=1")));
            } finally {
                sql.execute("grant insert on capture to tiergate_app");
            }
        }
        CaptureRows.awaitCapture(call());
    }
}
