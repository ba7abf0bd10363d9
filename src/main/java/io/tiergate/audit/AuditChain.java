package io.tiergate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.policy.PolicyInput.FindingCount;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash chain of the audit log. Appending takes the chain head's row lock, so every writer
 * (the decision writer thread, a workflow transaction, another gateway instance) extends one
 * sequence, in commit order; the lock is held until the caller's transaction ends. Each event's
 * hash is SHA-256 over its canonical form ({@link #canonical}), which includes the previous hash.
 * The database checks the link again (trigger {@code audit_event_extends_chain}). New events are
 * written in form {@link #VERSION}; events written in an older form keep verifying in it.
 */
@Singleton
public class AuditChain {

    /** The previous hash of the first event. */
    public static final String GENESIS = "0".repeat(64);
    /** The canonical form of new events: v1's fields, the client request id and the obligations. */
    public static final String VERSION = "tiergate-audit-v2";
    /** The form of events written before migration V7; such an event has no client request id nor obligations. */
    public static final String VERSION_1 = "tiergate-audit-v1";

    private static final String LOCK_HEAD = "select seq, hash from audit_chain_head where id = 1 for update";
    private static final String INSERT = """
            insert into audit_event (seq, event_id, occurred_at, kind, request_id, trace_id, subject_id, subject_type,
                subject_name, action, resource_kind, resource_name, resource_tier, content_tier, findings, purpose, allowed, outcome,
                reasons, target_id, details, policy_engine, policy_revision, client_request_id, obligations, hash_form,
                prev_hash, hash)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    @Inject ObjectMapper mapper;

    /** The end of the chain as a writer last saw it: the last position and its hash. */
    public record Head(long seq, String hash) {
    }

    /** SQLSTATE of the link check's refusal (trigger {@code audit_event_extends_chain}): the head has moved. */
    static final String HEAD_MOVED = "23000";

    /**
     * Appends events, in order, inside the caller's transaction on {@code connection} (never
     * committed here). The head stays locked until that transaction ends: commit soon.
     */
    public List<AuditRecord> append(Connection connection, List<AuditEvent> events, int timeoutSeconds) throws SQLException {
        Head head;
        try (PreparedStatement lock = connection.prepareStatement(LOCK_HEAD)) {
            lock.setQueryTimeout(timeoutSeconds);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("the audit chain has no head row");
                }
                head = new Head(row.getLong(1), row.getString(2));
            }
        }
        return appendAfter(connection, head, events, timeoutSeconds);
    }

    /**
     * Appends events after {@code head} without reading it first: one statement (one round trip, and
     * with auto-commit on, the commit in it). The database's link check refuses the insert with
     * SQLSTATE {@value #HEAD_MOVED} when another writer moved the head meanwhile ({@link #headMoved});
     * nothing is written then. For a writer that knows the head because it wrote the last event.
     */
    public List<AuditRecord> appendAfter(Connection connection, Head head, List<AuditEvent> events, int timeoutSeconds)
            throws SQLException {
        long seq = head.seq();
        String hash = head.hash();
        List<AuditRecord> records = new ArrayList<>(events.size());
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setQueryTimeout(timeoutSeconds);
            for (AuditEvent event : events) {
                seq++;
                String next = hash(seq, hash, event);
                records.add(new AuditRecord(seq, hash, next, event, VERSION));
                bind(insert, seq, hash, next, event, connection);
                if (events.size() > 1) {
                    insert.addBatch();
                }
                hash = next;
            }
            if (events.size() == 1) {
                insert.executeUpdate();
            } else {
                insert.executeBatch();
            }
        }
        return records;
    }

    /** Whether {@code e} is the link check's refusal: the head was not where the writer thought. */
    public static boolean headMoved(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (HEAD_MOVED.equals(cause.getSQLState()) || "23505".equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database refused {@code e}'s statement for what it holds (data, integrity or syntax:
     * SQLSTATE classes 22, 23, 42), so that nothing of it was committed. Anything else (a broken
     * connection, a cancel, a server shutting down) leaves an auto-committed statement's outcome unknown.
     */
    public static boolean refusedBeforeCommit(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"));
    }

    /** The head after {@code records} (the last one's position and hash). */
    public static Head headAfter(List<AuditRecord> records) {
        AuditRecord last = records.get(records.size() - 1);
        return new Head(last.seq(), last.hash());
    }

    /** SHA-256 (hex) of the current canonical form. */
    public static String hash(long seq, String prevHash, AuditEvent event) {
        return hash(VERSION, seq, prevHash, event);
    }

    /**
     * SHA-256 (hex) of the canonical form {@code form}; null when the event cannot have been written
     * in that form (an unknown form, or a v1 event carrying a v2 field).
     */
    public static String hash(String form, long seq, String prevHash, AuditEvent event) {
        String canonical = canonical(form, seq, prevHash, event);
        if (canonical == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The canonical serialisation (docs/AUDIT.md): every field in a fixed order, each written as
     * {@code <UTF-8 byte length>:<value>;} ({@code ~;} for null), lists as their size followed by
     * their items. Unambiguous, and simple to reproduce outside Java ({@code scripts/audit-verify.sh}
     * does it in SQL). Form v2 adds {@code client_request_id} after {@code request_id}, always
     * writes {@code subject_name}, and adds {@code obligations} (the JSON text as stored) before
     * {@code prev_hash}. Null when the event cannot be in {@code form}.
     */
    public static String canonical(String form, long seq, String prevHash, AuditEvent e) {
        boolean v2 = VERSION.equals(form);
        if (!v2 && !(VERSION_1.equals(form) && e.clientRequestId() == null && e.obligations() == null)) {
            return null;
        }
        StringBuilder out = new StringBuilder(512);
        field(out, form);
        field(out, Long.toString(seq));
        field(out, e.eventId().toString());
        field(out, Long.toString(epochMicros(e.occurredAt())));
        field(out, e.kind().db());
        field(out, e.requestId());
        if (v2) {
            field(out, e.clientRequestId());
        }
        field(out, e.traceId());
        field(out, e.subjectId());
        field(out, e.subjectType());
        if (v2 || e.subjectName() != null) {
            // v1: recorded since subjects are keyed on sub (V6); events before it have none and hash as they did.
            field(out, e.subjectName());
        }
        field(out, e.action());
        field(out, e.resourceKind());
        field(out, e.resourceName());
        field(out, e.resourceTier() == null ? null : e.resourceTier().toString());
        field(out, e.contentTier() == null ? null : e.contentTier().toString());
        field(out, Integer.toString(e.findings().size()));
        for (FindingCount f : e.findings()) {
            field(out, f.type());
            field(out, Integer.toString(f.count()));
        }
        field(out, e.purpose());
        field(out, e.allowed() == null ? null : e.allowed().toString());
        field(out, e.outcome());
        field(out, Integer.toString(e.reasons().size()));
        e.reasons().forEach(r -> field(out, r));
        field(out, e.targetId());
        field(out, e.details());
        field(out, e.policyEngine());
        field(out, e.policyRevision());
        if (v2) {
            field(out, e.obligations());
        }
        field(out, prevHash);
        return out.toString();
    }

    static long epochMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("~;");
        } else {
            out.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append(';');
        }
    }

    private void bind(PreparedStatement insert, long seq, String prevHash, String hash, AuditEvent e, Connection connection)
            throws SQLException {
        int i = 0;
        insert.setLong(++i, seq);
        insert.setObject(++i, e.eventId());
        insert.setTimestamp(++i, Timestamp.from(e.occurredAt()));
        insert.setString(++i, e.kind().db());
        insert.setString(++i, e.requestId());
        insert.setString(++i, e.traceId());
        insert.setString(++i, e.subjectId());
        insert.setString(++i, e.subjectType());
        insert.setString(++i, e.subjectName());
        insert.setString(++i, e.action());
        insert.setString(++i, e.resourceKind());
        insert.setString(++i, e.resourceName());
        setShort(insert, ++i, e.resourceTier());
        setShort(insert, ++i, e.contentTier());
        insert.setString(++i, json(e.findings()));
        insert.setString(++i, e.purpose());
        if (e.allowed() == null) {
            insert.setNull(++i, Types.BOOLEAN);
        } else {
            insert.setBoolean(++i, e.allowed());
        }
        insert.setString(++i, e.outcome());
        insert.setArray(++i, connection.createArrayOf("text", e.reasons().toArray()));
        insert.setString(++i, e.targetId());
        insert.setString(++i, e.details());
        insert.setString(++i, e.policyEngine());
        insert.setString(++i, e.policyRevision());
        insert.setString(++i, e.clientRequestId());
        insert.setString(++i, e.obligations());
        insert.setString(++i, VERSION);
        insert.setString(++i, prevHash);
        insert.setString(++i, hash);
    }

    private static void setShort(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.SMALLINT);
        } else {
            statement.setShort(index, value.shortValue());
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise audit findings", ex);
        }
    }
}
