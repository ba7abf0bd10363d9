package io.tiergate.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.tiergate.policy.PolicyInput.FindingCount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Reads the audit log: searches (newest first, paged by position), streamed exports, the chain walk. */
@ApplicationScoped
public class AuditQueries {

    private static final TypeReference<List<FindingCount>> FINDINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            select seq, prev_hash, hash, event_id, occurred_at, kind, request_id, trace_id, subject_id, subject_type, subject_name, action,
                   resource_kind, resource_name, resource_tier, content_tier, findings::text as findings, purpose, allowed, outcome,
                   reasons, target_id, details, policy_engine, policy_revision, client_request_id, obligations, hash_form
            from audit_event""";

    @Inject AgroalDataSource dataSource;
    @Inject ObjectMapper mapper;

    /** Filters of a quick lookup; null means any. */
    public record Filter(String subject, String action, String resource, Boolean allowed, String requestId,
            String clientRequestId) {

        public Filter(String subject, String action, String resource, Boolean allowed, String requestId) {
            this(subject, action, resource, allowed, requestId, null);
        }

        /** The events of the exchanges a caller sent with this {@code X-Request-Id}. */
        public static Filter byClientRequestId(String clientRequestId) {
            return new Filter(null, null, null, null, null, clientRequestId);
        }
    }

    /**
     * Filters of a search or export; null means any. {@code from} inclusive, {@code to} exclusive;
     * {@code beforeSeq} pages backwards (events older than that position).
     */
    public record Search(String actor, String action, String resource, String outcome, Boolean allowed, String requestId,
            Instant from, Instant to, Long beforeSeq, String clientRequestId) {

        /** Everything. */
        public static final Search ALL = new Search(null, null, null, null, null, null, null, null, null, null);

        public Search(String actor, String action, String resource, String outcome, Boolean allowed, String requestId,
                Instant from, Instant to, Long beforeSeq) {
            this(actor, action, resource, outcome, allowed, requestId, from, to, beforeSeq, null);
        }
    }

    /** The most recent events matching the filter, newest first. */
    public List<AuditEvent> recent(Filter filter, int limit) {
        return search(new Search(filter.subject(), filter.action(), filter.resource(), null, filter.allowed(), filter.requestId(),
                null, null, null, filter.clientRequestId()), limit).stream().map(AuditRecord::event).toList();
    }

    /** The events about one access request or grant (its history), oldest first. */
    public List<AuditRecord> about(String targetId, int limit) {
        List<AuditRecord> records = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(COLUMNS + " where target_id = ? order by seq limit ?")) {
            select.setString(1, targetId);
            select.setInt(2, Math.max(1, limit));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    records.add(read(rows));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new AuditUnavailableException("the audit database could not be read");
        }
    }

    /** One page of events matching the search, newest first. */
    public List<AuditRecord> search(Search search, int limit) {
        List<AuditRecord> records = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            query(connection, search, " order by seq desc limit " + Math.max(1, limit), 0, records::add);
            return records;
        } catch (SQLException e) {
            throw new AuditUnavailableException("the audit database could not be read");
        }
    }

    /** Every event matching the search, oldest first, streamed from a cursor (constant memory). */
    public void export(Search search, Consumer<AuditRecord> sink) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try {
                query(connection, search, " order by seq", 1000, sink);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("the audit database could not be read");
        }
    }

    /** Walks the whole chain, oldest first, and reports the first broken link. */
    public ChainVerifier.Report verify() {
        try (Connection connection = dataSource.getConnection()) {
            return verify(connection);
        } catch (SQLException e) {
            throw new AuditUnavailableException("the audit database could not be read");
        }
    }

    /** The same walk on a given connection (its search path names the tables), in one snapshot. */
    public ChainVerifier.Report verify(Connection connection) throws SQLException {
        ChainVerifier verifier = new ChainVerifier();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            query(connection, Search.ALL, " order by seq", 1000,
                    verifier::accept);
            try (PreparedStatement head = connection.prepareStatement("select seq, hash from audit_chain_head where id = 1");
                    ResultSet row = head.executeQuery()) {
                return row.next() ? verifier.finish(row.getLong(1), row.getString(2)) : verifier.finish(-1, "");
            }
        } finally {
            connection.rollback();
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(autoCommit);
        }
    }

    private void query(Connection connection, Search s, String tail, int fetchSize, Consumer<AuditRecord> sink) throws SQLException {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" where true");
        List<Object> args = new ArrayList<>();
        if (s.actor() != null) { // the subject's key or its username
            sql.append(" and (subject_id = ? or subject_name = ?)");
            args.add(s.actor());
            args.add(s.actor());
        }
        condition(sql, args, " and action = ?", s.action());
        condition(sql, args, " and resource_name = ?", s.resource());
        condition(sql, args, " and outcome = ?", s.outcome());
        condition(sql, args, " and allowed = ?", s.allowed());
        condition(sql, args, " and request_id = ?", s.requestId());
        condition(sql, args, " and client_request_id = ?", s.clientRequestId());
        condition(sql, args, " and occurred_at >= ?", s.from() == null ? null : Timestamp.from(s.from()));
        condition(sql, args, " and occurred_at < ?", s.to() == null ? null : Timestamp.from(s.to()));
        condition(sql, args, " and seq < ?", s.beforeSeq());
        sql.append(tail);
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            select.setFetchSize(fetchSize);
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sink.accept(read(rows));
                }
            }
        }
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            args.add(value);
        }
    }

    private AuditRecord read(ResultSet row) throws SQLException {
        AuditEvent event = new AuditEvent(
                row.getObject("event_id", UUID.class),
                row.getTimestamp("occurred_at").toInstant(),
                AuditEvent.Kind.ofDb(row.getString("kind")),
                row.getString("request_id"),
                row.getString("client_request_id"),
                row.getString("trace_id"),
                row.getString("subject_id"),
                row.getString("subject_type"),
                row.getString("subject_name"),
                row.getString("action"),
                row.getString("resource_kind"),
                row.getString("resource_name"),
                row.getObject("resource_tier", Integer.class),
                row.getObject("content_tier", Integer.class),
                findings(row.getString("findings")),
                row.getString("purpose"),
                row.getObject("allowed", Boolean.class),
                row.getString("outcome"),
                Arrays.asList((String[]) row.getArray("reasons").getArray()),
                row.getString("target_id"),
                row.getString("details"),
                row.getString("policy_engine"),
                row.getString("policy_revision"),
                row.getString("obligations"));
        return new AuditRecord(row.getLong("seq"), row.getString("prev_hash"), row.getString("hash"), event,
                row.getString("hash_form"));
    }

    private List<FindingCount> findings(String json) {
        try {
            return mapper.readValue(json, FINDINGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
