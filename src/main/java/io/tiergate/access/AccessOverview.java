package io.tiergate.access;

import io.agroal.api.AgroalDataSource;
import io.tiergate.http.UnavailableProblem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the console's overview shows of the access workflow: pending requests by age, grants expiring soon. */
@Singleton
public class AccessOverview {

    /** Age bands of pending requests, youngest first (upper bounds; the last is open). */
    public static final List<Duration> AGE_BANDS = List.of(Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(1), Duration.ofDays(3));

    /** A grant that expires soon. */
    public record Expiring(String subject, String resourceKind, String resourceName, String purpose, Instant expiresAt) {
    }

    @Inject AgroalDataSource dataSource;

    /** Pending requests per age band of {@link #AGE_BANDS} (one more entry for the oldest, open band). */
    public long[] pendingByAge(Instant now) {
        long[] counts = new long[AGE_BANDS.size() + 1];
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select created_at from access_request where state = 'PENDING'")) {
            select.setQueryTimeout(10);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Duration age = Duration.between(rows.getTimestamp(1).toInstant(), now);
                    int band = 0;
                    while (band < AGE_BANDS.size() && age.compareTo(AGE_BANDS.get(band)) >= 0) {
                        band++;
                    }
                    counts[band]++;
                }
            }
        } catch (SQLException e) {
            throw unavailable();
        }
        return counts;
    }

    /** Active grants that expire in [now, until), soonest first. */
    public List<Expiring> expiring(Instant now, Instant until) {
        List<Expiring> grants = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select subject_name, resource_kind, resource_name, purpose, expires_at from access_grant
                        where revoked_at is null and expires_at > ? and expires_at <= ? order by expires_at limit 500""")) {
            select.setTimestamp(1, Timestamp.from(now));
            select.setTimestamp(2, Timestamp.from(until));
            select.setQueryTimeout(10);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    grants.add(new Expiring(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getTimestamp(5).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw unavailable();
        }
        return grants;
    }

    private static UnavailableProblem unavailable() {
        return new UnavailableProblem("access_store_unavailable", "Access store unavailable",
                "The overview could not read the access requests and grants. Retry later.");
    }
}
