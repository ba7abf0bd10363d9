package io.tiergate.audit.rollup;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the overview page shows of the audit log, read from the hourly rollups (never from
 * {@code audit_event} itself beyond one row): decisions per hour by outcome, the top denial
 * reasons, findings by type per day, and how far the rollup has got.
 */
@Singleton
public class AuditOverview {

    /** Decisions of one hour: allowed, redacted, denied. */
    public record Hour(Instant start, long allowed, long redacted, long denied) {
        public long total() {
            return allowed + redacted + denied;
        }
    }

    /** A reason code and how many denials gave it. */
    public record ReasonCount(String reason, long denials) {
    }

    /** Findings of one type per day, oldest first. */
    public record FindingSeries(String type, long[] perDay) {
        public long total() {
            long t = 0;
            for (long n : perDay) {
                t += n;
            }
            return t;
        }
    }

    @Inject AgroalDataSource dataSource;

    /** One entry per hour of [from, to) (hours without decisions included, with zeros). */
    public List<Hour> hours(Instant from, Instant to) {
        Instant first = from.truncatedTo(ChronoUnit.HOURS);
        Map<Instant, long[]> byHour = new TreeMap<>();
        for (Instant h = first; h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
            byHour.put(h, new long[3]);
        }
        query("select hour, outcome, decisions from audit_rollup_decisions where hour >= ? and hour < ?", row -> {
            long[] counts = byHour.get(row.getTimestamp(1).toInstant());
            if (counts != null) {
                counts[switch (row.getString(2)) {
                    case "allowed" -> 0;
                    case "redacted" -> 1;
                    default -> 2;
                }] += row.getLong(3);
            }
        }, first, to);
        List<Hour> hours = new ArrayList<>(byHour.size());
        byHour.forEach((h, c) -> hours.add(new Hour(h, c[0], c[1], c[2])));
        return hours;
    }

    /** The reasons given most often for denials since {@code from}. */
    public List<ReasonCount> topDenialReasons(Instant from, Instant to, int limit) {
        List<ReasonCount> top = new ArrayList<>();
        query("select reason, sum(denials) from audit_rollup_denials where hour >= ? and hour < ? group by reason "
                + "order by 2 desc, 1 limit " + limit, row -> top.add(new ReasonCount(row.getString(1), row.getLong(2))),
                from.truncatedTo(ChronoUnit.HOURS), to);
        return top;
    }

    /** Findings per UTC day over {@code days} days up to {@code to}, by type, the largest types first. */
    public List<FindingSeries> findingsPerDay(Instant to, int days) {
        Instant firstDay = to.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days - 1L));
        Map<String, long[]> byType = new LinkedHashMap<>();
        query("select finding_type, date_trunc('day', hour, 'UTC'), sum(findings) from audit_rollup_findings "
                + "where hour >= ? and hour < ? group by 1, 2", row -> {
                    int day = (int) Duration.between(firstDay, row.getTimestamp(2).toInstant()).toDays();
                    if (day >= 0 && day < days) {
                        byType.computeIfAbsent(row.getString(1), t -> new long[days])[day] += row.getLong(3);
                    }
                }, firstDay, to);
        List<FindingSeries> series = new ArrayList<>();
        byType.forEach((type, perDay) -> series.add(new FindingSeries(type, perDay)));
        series.sort((a, b) -> Long.compare(b.total(), a.total()) != 0 ? Long.compare(b.total(), a.total()) : a.type().compareTo(b.type()));
        return series;
    }

    /** When the last event the rollup covers happened (null when it covers none yet). */
    public Instant rolledUpTo() {
        Instant[] at = {null};
        query("select e.occurred_at from audit_rollup_state s join audit_event e on e.seq = s.last_seq where s.id = 1",
                row -> at[0] = row.getTimestamp(1).toInstant());
        return at[0];
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, RowReader reader, Instant... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                select.setTimestamp(i + 1, Timestamp.from(params[i]));
            }
            select.setQueryTimeout(10);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new UnavailableProblem("audit_unavailable", "Audit log unavailable",
                    "The overview could not be read from the audit database. Retry later.");
        }
    }
}
