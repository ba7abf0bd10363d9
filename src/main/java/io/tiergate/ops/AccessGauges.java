package io.tiergate.ops;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The access workflow's gauges: grants active and expiring within 24 h, pending requests and the
 * oldest one's age. Read from PostgreSQL by one indexed query on a schedule
 * ({@code tiergate.metrics.gauge-refresh}, default 15 s), never at scrape time, so a scrape costs
 * the database nothing; the values are as old as the last refresh.
 */
@Singleton
public class AccessGauges {

    private static final Logger LOG = Logger.getLogger(AccessGauges.class);
    private static final String COUNTS = """
            with t(now) as (select ?::timestamptz)
            select (select count(*) from access_grant, t where revoked_at is null and expires_at > t.now),
                   (select count(*) from access_grant, t where revoked_at is null and expires_at > t.now
                                                           and expires_at <= t.now + interval '24 hours'),
                   (select count(*) from access_request where state = 'PENDING'),
                   (select coalesce(extract(epoch from t.now - min(created_at)), 0) from access_request, t
                     where state = 'PENDING' group by t.now)""";

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private volatile double grantsActive;
    private volatile double grantsExpiring;
    private volatile double pending;
    private volatile double oldestPendingSeconds;

    public AccessGauges(AgroalDataSource dataSource, Clock clock, Telemetry metrics) {
        this.dataSource = dataSource;
        this.clock = clock;
        metrics.gauge("tiergate.grants.active", "Grants active now", () -> grantsActive);
        metrics.gauge("tiergate.grants.expiring", "Active grants that expire within 24 hours", () -> grantsExpiring);
        metrics.gauge("tiergate.access.requests.pending", "Access requests waiting for a decision", () -> pending);
        metrics.gauge("tiergate.access.requests.oldest.pending.seconds", "Age of the oldest pending access request (0 when none)",
                () -> oldestPendingSeconds);
    }

    @Scheduled(every = "${tiergate.metrics.gauge-refresh:15s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(COUNTS)) {
            select.setTimestamp(1, Timestamp.from(clock.instant()));
            select.setQueryTimeout(5);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                grantsActive = row.getLong(1);
                grantsExpiring = row.getLong(2);
                pending = row.getLong(3);
                oldestPendingSeconds = Math.max(0, row.getDouble(4));
            }
        } catch (SQLException e) {
            LOG.debugf("access gauges not refreshed: %s", e.getMessage());
        }
    }
}
