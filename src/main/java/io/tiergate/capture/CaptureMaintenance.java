package io.tiergate.capture;

import io.quarkus.arc.Unremovable;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.LlmRoute;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code captures-maintain}: the capture store's upkeep, run as the owning role (the migrations'
 * credentials, never the gateway's runtime role, which may only insert and read captures). Creates
 * the day partitions from today to {@code tiergate.capture.partitions-ahead} days ahead, drops the
 * partitions older than the longest retention of any route (at least the default 30 days; captures of
 * routes no longer declared go with them), and deletes the captures (and their feedback) of routes
 * whose retention is shorter. A k8s CronJob runs it daily; the local run hourly.
 */
// Only the main looks it up (Arc.container()): without this the build removes it as unused.
@Unremovable
@ApplicationScoped
public class CaptureMaintenance {

    private static final Pattern PARTITION = Pattern.compile("capture_p(\\d{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Catalog catalog;
    private final CaptureConfig config;
    private final Clock clock;
    private final String url;
    private final String owner;
    private final String password;

    public CaptureMaintenance(Catalog catalog, CaptureConfig config, Clock clock,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.flyway.username") String owner,
            @ConfigProperty(name = "quarkus.flyway.password") String password) {
        this.catalog = catalog;
        this.config = config;
        this.clock = clock;
        this.url = url;
        this.owner = owner;
        this.password = password;
    }

    /** What one run did. */
    public record Report(List<String> created, List<String> dropped, long deleted) {
    }

    /** Runs the upkeep once, as the owning role. */
    public Report run() throws SQLException {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Duration longest = LlmRoute.Capture.DEFAULT.retention();
        for (LlmRoute route : catalog.routes()) {
            longest = route.capture().retention().compareTo(longest) > 0 ? route.capture().retention() : longest;
        }
        // a partition goes once all of its day is older than the longest retention
        LocalDate oldestKept = LocalDate.ofInstant(now.minus(longest), ZoneOffset.UTC);
        List<String> created = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        long deleted = 0;
        try (Connection connection = DriverManager.getConnection(url, owner, password)) {
            for (int i = 0; i <= config.partitionsAhead(); i++) {
                String name = "capture_p" + today.plusDays(i).format(DAY);
                if (!exists(connection, name)) {
                    try (PreparedStatement create = connection.prepareStatement("select capture_partition_create(?::date)")) {
                        create.setString(1, today.plusDays(i).toString());
                        create.execute();
                    }
                    created.add(name);
                }
            }
            for (String name : partitions(connection)) {
                Matcher m = PARTITION.matcher(name);
                if (m.matches() && LocalDate.parse(m.group(1), DAY).isBefore(oldestKept)) {
                    try (Statement drop = connection.createStatement()) {
                        drop.execute("drop table " + name);
                    }
                    dropped.add(name);
                }
            }
            try (PreparedStatement feedback = connection.prepareStatement("delete from inference_feedback where captured_at < ?")) {
                feedback.setTimestamp(1, Timestamp.from(oldestKept.atStartOfDay(ZoneOffset.UTC).toInstant()));
                feedback.executeUpdate();
            }
            for (LlmRoute route : catalog.routes()) {
                if (route.capture().retention().compareTo(longest) >= 0) {
                    continue; // its captures go with their partitions
                }
                Timestamp cutoff = Timestamp.from(now.minus(route.capture().retention()));
                try (PreparedStatement captures = connection.prepareStatement("delete from capture where route = ? and captured_at < ?");
                        PreparedStatement feedback = connection.prepareStatement(
                                "delete from inference_feedback where route = ? and captured_at < ?")) {
                    captures.setString(1, route.name());
                    captures.setTimestamp(2, cutoff);
                    deleted += captures.executeUpdate();
                    feedback.setString(1, route.name());
                    feedback.setTimestamp(2, cutoff);
                    feedback.executeUpdate();
                }
            }
        }
        return new Report(created, dropped, deleted);
    }

    /** Runs once and prints what it did; exit 0, or 1 when the database could not be maintained. */
    public int runCommand(PrintWriter out) {
        try {
            Report report = run();
            out.println("partitions created: " + (report.created().isEmpty() ? "none" : String.join(", ", report.created())));
            out.println("partitions dropped: " + (report.dropped().isEmpty() ? "none" : String.join(", ", report.dropped())));
            out.println("captures deleted past their route's retention: " + report.deleted());
            return 0;
        } catch (SQLException e) {
            out.println("the capture store could not be maintained: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("select to_regclass(?) is not null")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static List<String> partitions(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement q = connection.createStatement();
                ResultSet rs = q.executeQuery("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                        + "where i.inhparent = 'capture'::regclass order by 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
