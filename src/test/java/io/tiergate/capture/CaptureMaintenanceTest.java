package io.tiergate.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.CaptureRows;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * captures-maintain, as the owning role: partitions ahead, expired partitions dropped, captures of
 * a route with a shorter retention (answers-nocapture: P2D in the test configuration) deleted; the
 * runtime role may only insert and read captures.
 */
@QuarkusTest
class CaptureMaintenanceTest {

    @Inject
    CaptureMaintenance maintenance;

    private static String partition(LocalDate day) {
        return "capture_p" + day.format(DateTimeFormatter.ofPattern("yyyyMMdd"));
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select to_regclass(?) is not null")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static UUID insert(Connection c, String route, Instant at) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement q = c.prepareStatement("insert into capture (inference_id, captured_at, route, subject_id, "
                + "subject_type, purpose, capture_mode, request, latency_ms, status, tier, finding_types) "
                + "values (?, ?, ?, 'alice', 'user', '', 'full', '{}', 1, 200, 1, '{}')")) {
            q.setObject(1, id);
            q.setTimestamp(2, Timestamp.from(at));
            q.setString(3, route);
            q.executeUpdate();
        }
        return id;
    }

    private static boolean stored(Connection c, UUID id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select 1 from capture where inference_id = ?")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Test
    void createsPartitionsAheadDropsExpiredOnesAndAppliesShorterRouteRetention() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate expired = today.minusDays(40);
        try (Connection owner = CaptureRows.asOwner(); Statement sql = owner.createStatement()) {
            sql.execute("drop table if exists " + partition(today.plusDays(7)));
            sql.execute("select capture_partition_create('" + expired + "')");
            UUID old = insert(owner, "answers", expired.atStartOfDay(ZoneOffset.UTC).plusHours(3).toInstant());
            sql.execute("select capture_partition_create('" + today.minusDays(3) + "')");
            Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3));
            UUID shortLived = insert(owner, "answers-nocapture", threeDaysAgo);
            UUID kept = insert(owner, "answers", threeDaysAgo);

            CaptureMaintenance.Report report = maintenance.run();

            assertThat(report.created()).contains(partition(today.plusDays(7)));
            assertThat(exists(owner, partition(today.plusDays(7)))).isTrue();
            assertThat(report.dropped()).contains(partition(expired));
            assertThat(exists(owner, partition(expired))).isFalse();
            assertThat(stored(owner, old)).isFalse();
            assertThat(stored(owner, shortLived)).as("past its route's 2 days").isFalse();
            assertThat(stored(owner, kept)).as("within the default 30 days").isTrue();
            assertThat(report.deleted()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void theRuntimeRoleMayOnlyInsertAndReadCaptures() throws Exception {
        try (Connection app = CaptureRows.asApp(); Statement sql = app.createStatement()) {
            UUID id = insert(app, "answers", Instant.now());
            assertThat(stored(app, id)).isTrue();
            assertThatThrownBy(() -> sql.execute("delete from capture where inference_id = '" + id + "'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("update capture set purpose = 'x' where inference_id = '" + id + "'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("select capture_partition_create('" + LocalDate.now().plusDays(30) + "')"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("drop table " + partition(LocalDate.now(ZoneOffset.UTC))))
                    .hasMessageContaining("must be owner");
        }
    }
}
