package io.tiergate.audit.rollup;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.tiergate.policy.ReasonCodes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Keeps the hourly rollups of the audit log (migration V8) that the console's overview reads, so
 * the page costs a few hundred rows whatever the size of the log.
 *
 * <p>A scheduled job rather than the audit writer: the writer is on the request path (a request
 * waits for its commit) and its transaction holds the chain head's lock, so adding rollup upserts
 * there would lengthen every commit and make concurrent batches queue on the same hour's rows.
 * The job folds in the events after its watermark ({@code audit_rollup_state.last_seq}) in chunks,
 * each chunk and the watermark in one transaction: exactly once, also with several replicas (the
 * watermark row is locked), and catching up from any backlog (a fresh rollup of an old log). The
 * overview is therefore as old as the last run ({@code tiergate.overview.rollup-interval}, 1 min),
 * and says so. Sequence numbers are given in commit order (under the chain head's lock), so no event
 * can appear below the watermark later.
 */
@Singleton
public class AuditRollup {

    private static final Logger LOG = Logger.getLogger(AuditRollup.class);
    /** Events folded in per transaction. */
    static final int CHUNK = 250_000;

    private static final String OUTCOME = "case when not allowed then 'denied' when '" + ReasonCodes.TIER2_PERSONAL_DATA_REDACTED
            + "' = any(reasons) then 'redacted' else 'allowed' end";
    private static final String BATCH = "select * from audit_event where seq > ? and seq <= ? and kind = 'decision'";
    private static final String DECISIONS = "with batch as (" + BATCH + ") "
            + "insert into audit_rollup_decisions (hour, outcome, decisions) "
            + "select date_trunc('hour', occurred_at, 'UTC'), " + OUTCOME + ", count(*) from batch group by 1, 2 "
            + "on conflict (hour, outcome) do update set decisions = audit_rollup_decisions.decisions + excluded.decisions";
    private static final String DENIALS = "with batch as (" + BATCH + " and not allowed) "
            + "insert into audit_rollup_denials (hour, reason, denials) "
            + "select date_trunc('hour', occurred_at, 'UTC'), r.reason, count(*) from batch, unnest(batch.reasons) as r(reason) group by 1, 2 "
            + "on conflict (hour, reason) do update set denials = audit_rollup_denials.denials + excluded.denials";
    private static final String FINDINGS = "with batch as (" + BATCH + " and findings <> '[]'::jsonb) "
            + "insert into audit_rollup_findings (hour, finding_type, tier, findings) "
            + "select date_trunc('hour', occurred_at, 'UTC'), f->>'type', (f->>'tier')::smallint, sum((f->>'count')::bigint) "
            + "from batch, jsonb_array_elements(batch.findings) as f group by 1, 2, 3 "
            + "on conflict (hour, finding_type, tier) do update set findings = audit_rollup_findings.findings + excluded.findings";

    @Inject AgroalDataSource dataSource;

    @Scheduled(every = "${tiergate.overview.rollup-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            catchUp();
        } catch (SQLException e) {
            LOG.warnf("audit rollup not updated: %s", e.getMessage());
        }
    }

    /** Folds in every event committed so far; returns how many sequence numbers it covered. */
    public long catchUp() throws SQLException {
        long covered = 0;
        long chunk;
        do {
            chunk = foldInChunk();
            covered += chunk;
        } while (chunk == CHUNK);
        return covered;
    }

    private long foldInChunk() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long last;
                try (PreparedStatement lock = connection.prepareStatement("select last_seq from audit_rollup_state where id = 1 for update");
                        ResultSet row = lock.executeQuery()) {
                    row.next();
                    last = row.getLong(1);
                }
                long head;
                try (PreparedStatement max = connection.prepareStatement("select coalesce(max(seq), 0) from audit_event");
                        ResultSet row = max.executeQuery()) {
                    row.next();
                    head = row.getLong(1);
                }
                long upTo = Math.min(head, last + CHUNK);
                if (upTo > last) {
                    for (String sql : new String[] {DECISIONS, DENIALS, FINDINGS}) {
                        try (PreparedStatement fold = connection.prepareStatement(sql)) {
                            fold.setLong(1, last);
                            fold.setLong(2, upTo);
                            fold.executeUpdate();
                        }
                    }
                    try (PreparedStatement advance = connection.prepareStatement("update audit_rollup_state set last_seq = ? where id = 1")) {
                        advance.setLong(1, upTo);
                        advance.executeUpdate();
                    }
                }
                connection.commit();
                return upTo - last;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
