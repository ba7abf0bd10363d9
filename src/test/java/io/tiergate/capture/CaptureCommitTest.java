package io.tiergate.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.http.TimeOrderedIds;
import io.tiergate.policy.Decision.Capture;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.SubjectType;
import io.tiergate.testing.CaptureRows;
import io.tiergate.testing.LentConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A capture batch commits without waiting for the disk flush, for its own transaction only: the
 * pooled connection it used goes back as the audit log needs it (synchronous_commit on, autocommit).
 */
@QuarkusTest
class CaptureCommitTest {

    @Test
    void aBatchCommitsWithoutWaitingForTheFlushAndLeavesItsConnectionAsItFoundIt() throws Exception {
        try (Connection connection = CaptureRows.asApp()) {
            CaptureWriter writer = new CaptureWriter(new LentConnection(connection),
                    new CaptureWriter.Settings(true, 10, 10, Duration.ofDays(1), false), null, Clock.systemUTC(), new SimpleMeterRegistry());
            UUID id = TimeOrderedIds.next();
            writer.startWriter();
            try {
                assertThat(writer.submit(call(id))).isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> writer.written() == 1);
            } finally {
                writer.stopWriter();
            }

            assertThat(CaptureRows.find(id.toString())).hasValueSatisfying(row -> assertThat(row.get("route")).isEqualTo("commit-route"));
            assertThat(connection.getAutoCommit()).isTrue();
            try (Statement show = connection.createStatement(); ResultSet rs = show.executeQuery("show synchronous_commit")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
        }
    }

    private static CapturedCall call(UUID id) {
        CapturedPart part = new CapturedPart() {
            @Override
            public String json(Capture mode) {
                return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
            }

            @Override
            public JsonNode member(String name) {
                return null;
            }
        };
        Subject subject = new Subject("https://idp.example#sub-commit", SubjectType.SERVICE, List.of("service"), List.of());
        return new CapturedCall(id, Instant.now(), "commit-route", null, subject, "evaluation", Capture.FULL, 1, List.of(), List.of(),
                part, part, 1_000_000L, -1, 200);
    }
}
