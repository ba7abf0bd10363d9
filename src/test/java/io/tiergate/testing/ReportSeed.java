package io.tiergate.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The evaluation report's seeded data set (routes report-t1 and report-t2 of the test configuration,
 * which nothing calls): captures and feedback with known values, whose statistics
 * io.tiergate.capture.EvaluationReportTest holds against scipy's.
 */
public final class ReportSeed {

    private ReportSeed() {
    }

    /** An hour ago: inside the default range (the last 7 days) and in a partition the migration made. */
    public static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));

    /** Replaces the seeded rows of report-t1 and report-t2 (as the owning role, which may delete) with the data set below. */
    public static synchronized void seed() throws SQLException {
        try (Connection owner = CaptureRows.asOwner(); Statement sql = owner.createStatement()) {
            sql.execute("delete from inference_feedback where route in ('report-t1', 'report-t2')");
            sql.execute("delete from capture where route in ('report-t1', 'report-t2')");
            for (int d = 0; d <= 1; d++) {
                sql.execute("select capture_partition_create(date '" + BASE.minus(Duration.ofDays(d)).toString().substring(0, 10) + "')");
            }
        }
        try (Connection c = CaptureRows.asApp()) {
            // report-t2, baseline (no variant): latency 100..500, ttft 10..40 and one without, one 502;
            // accuracy 0.5 0.6 0.7 0.4 0.5 (the first call's earlier 0.0 is superseded); helpful 2 of 5; two comments
            double[] baseAccuracy = {0.5, 0.6, 0.7, 0.4, 0.5};
            boolean[] baseHelpful = {true, false, false, true, false};
            Integer[] baseTtft = {10, 20, 30, 40, null};
            for (int i = 0; i < 5; i++) {
                UUID id = capture(c, "report-t2", null, BASE.plusSeconds(i), 100 * (i + 1), baseTtft[i], i == 4 ? 502 : 200,
                        i == 0 ? "{\"input_tokens\":10,\"output_tokens\":20}" : "{\"prompt_tokens\":10,\"completion_tokens\":20}");
                if (i == 0) {
                    feedback(c, id, BASE.plusSeconds(i), "report-t2", "accuracy", null, 0.0, null, BASE.plusSeconds(10));
                }
                feedback(c, id, BASE.plusSeconds(i), "report-t2", "accuracy", null, baseAccuracy[i], null, BASE.plusSeconds(20));
                feedback(c, id, BASE.plusSeconds(i), "report-t2", "helpful", baseHelpful[i], null, null, BASE.plusSeconds(20));
                if (i < 2) {
                    feedback(c, id, BASE.plusSeconds(i), "report-t2", "note", null, null, "Said Tuesday.", BASE.plusSeconds(20));
                }
            }
            // report-t2, variant b: latency 50 60 70 80, all 200; accuracy 0.9 0.8 1.0 0.85; helpful 3 of 4
            double[] bAccuracy = {0.9, 0.8, 1.0, 0.85};
            boolean[] bHelpful = {true, true, true, false};
            for (int i = 0; i < 4; i++) {
                UUID id = capture(c, "report-t2", "b", BASE.plusSeconds(10 + i), 50 + 10 * i, null, 200, null);
                feedback(c, id, BASE.plusSeconds(10 + i), "report-t2", "accuracy", null, bAccuracy[i], null, BASE.plusSeconds(30));
                feedback(c, id, BASE.plusSeconds(10 + i), "report-t2", "helpful", bHelpful[i], null, null, BASE.plusSeconds(30));
            }
            // outside the range: never counted
            capture(c, "report-t2", "b", BASE.minus(Duration.ofHours(2)), 9000, null, 500, null);
            // report-t1, baseline: accuracy 0.3 and 0.5
            double[] t1Accuracy = {0.3, 0.5};
            for (int i = 0; i < 2; i++) {
                UUID id = capture(c, "report-t1", null, BASE.plusSeconds(i), 100, null, 200, null);
                feedback(c, id, BASE.plusSeconds(i), "report-t1", "accuracy", null, t1Accuracy[i], null, BASE.plusSeconds(20));
            }
        }
    }

    private static UUID capture(Connection c, String route, String variant, Instant at, int latency, Integer ttft, int status,
            String usage) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement("insert into capture (inference_id, captured_at, route, variant, model, "
                + "subject_id, subject_type, purpose, capture_mode, request, usage, latency_ms, ttft_ms, status, tier, finding_types) "
                + "values (?, ?, ?, ?, 'm', 'seed', 'user', '', 'full', '{}'::jsonb, ?::jsonb, ?, ?, ?, 1, '{}')")) {
            insert.setObject(1, id);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setString(3, route);
            insert.setString(4, variant);
            insert.setString(5, usage);
            insert.setInt(6, latency);
            insert.setObject(7, ttft);
            insert.setInt(8, status);
            insert.executeUpdate();
        }
        return id;
    }

    private static void feedback(Connection c, UUID inference, Instant capturedAt, String route, String metric, Boolean b, Double f,
            String comment, Instant at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into inference_feedback (id, inference_id, captured_at, route, "
                + "metric, value_boolean, value_float, value_comment, subject_id, subject_type, created_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, 'seed', 'user', ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, inference);
            insert.setTimestamp(3, Timestamp.from(capturedAt));
            insert.setString(4, route);
            insert.setString(5, metric);
            insert.setObject(6, b);
            insert.setObject(7, f);
            insert.setString(8, comment);
            insert.setTimestamp(9, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

}
