package io.tiergate.testing;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The capture store as the tests read it: rows of {@code capture} by inference id (as the runtime
 * role, which may read them), and a connection as the owning role for what only it may do.
 */
public final class CaptureRows {

    private CaptureRows() {
    }

    private static String url() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    /** A connection as the gateway's runtime role. */
    public static Connection asApp() throws SQLException {
        return DriverManager.getConnection(url(), "tiergate_app", "tiergate_app");
    }

    /** A connection as the owning role (the migrations'). */
    public static Connection asOwner() throws SQLException {
        return DriverManager.getConnection(url(), "tiergate", "tiergate");
    }

    /** The capture of {@code inferenceId} (column name to value; arrays as text), if written. */
    public static Optional<Map<String, Object>> find(String inferenceId) {
        try (Connection c = asApp(); PreparedStatement q = c.prepareStatement(
                "select *, request::text as request_text, answer::text as answer_text, array_to_string(finding_types, ',') as types "
                        + "from capture where inference_id = ?")) {
            q.setObject(1, UUID.fromString(inferenceId));
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Object> row = new LinkedHashMap<>();
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                return Optional.of(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The capture of {@code inferenceId}, waited for (the writer is asynchronous). */
    public static Map<String, Object> awaitCapture(String inferenceId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> find(inferenceId), Optional::isPresent).orElseThrow();
    }
}
