package io.tiergate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The append-only store of audit events. {@link #append} returns only once the event is
 * committed to PostgreSQL. One writer thread drains the queue and commits whatever has
 * accumulated in one transaction (group commit), so concurrent requests share one fsync.
 */
@Singleton
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final String INSERT = """
            insert into audit_event (event_id, occurred_at, request_id, trace_id, subject_id, subject_type,
                action, resource_kind, resource_name, resource_tier, content_tier, findings, purpose,
                allowed, reasons, policy_engine, policy_revision)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)""";

    private final AgroalDataSource dataSource;
    private final AuditConfig config;
    private final ObjectMapper mapper;
    private final BlockingQueue<Pending> queue;
    private volatile boolean running;
    private Thread writer;

    public AuditLog(AgroalDataSource dataSource, AuditConfig config, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.config = config;
        this.mapper = mapper;
        this.queue = new LinkedBlockingQueue<>(config.queueCapacity());
    }

    void start(@Observes StartupEvent event) {
        running = true;
        writer = new Thread(this::writeLoop, "tiergate-audit-writer");
        writer.setDaemon(false);
        writer.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.join(config.statementTimeout().toMillis() + 1000);
        }
    }

    /** Whether the writer thread is alive and taking events. */
    public boolean isRunning() {
        return running && writer != null && writer.isAlive();
    }

    /**
     * Makes the event durable, or throws: a caller that gets no exception may act on the decision.
     * An event not yet picked up by the writer when the wait ends is withdrawn, so a refused
     * request leaves no record claiming it went through.
     */
    public void append(AuditEvent event) {
        if (!isRunning()) {
            throw new AuditUnavailableException("the audit writer is not running");
        }
        Pending pending = new Pending(event);
        if (!queue.offer(pending)) {
            throw new AuditUnavailableException("too many audit events are waiting to be written");
        }
        try {
            try {
                pending.done.get(config.writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (pending.state.compareAndSet(Pending.QUEUED, Pending.WITHDRAWN)) {
                    throw new AuditUnavailableException("the audit database did not answer in time");
                }
                // Already being written: the outcome of that write decides.
                pending.done.get(config.statementTimeout().toNanos() * 2, TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("the audit database refused the write");
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("the audit database did not confirm the write");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while writing");
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(config.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.maxBatch() - 1);
                batch.removeIf(p -> !p.state.compareAndSet(Pending.QUEUED, Pending.CLAIMED));
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                LOG.error("audit writer failed on a batch", e);
                batch.forEach(p -> p.done.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setQueryTimeout((int) Math.max(1, config.statementTimeout().toSeconds()));
                for (Pending pending : batch) {
                    bind(insert, pending.event, connection);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
            batch.forEach(p -> p.done.complete(null));
        } catch (SQLException e) {
            LOG.errorf("audit batch of %d events not written: %s", batch.size(), e.getMessage());
            batch.forEach(p -> p.done.completeExceptionally(e));
        }
    }

    private void bind(PreparedStatement insert, AuditEvent e, Connection connection) throws SQLException {
        int i = 0;
        insert.setObject(++i, e.eventId());
        insert.setTimestamp(++i, Timestamp.from(e.occurredAt()));
        insert.setString(++i, e.requestId());
        insert.setString(++i, e.traceId());
        insert.setString(++i, e.subjectId());
        insert.setString(++i, e.subjectType());
        insert.setString(++i, e.action());
        insert.setString(++i, e.resourceKind());
        insert.setString(++i, e.resourceName());
        insert.setShort(++i, (short) e.resourceTier());
        insert.setShort(++i, (short) e.contentTier());
        insert.setString(++i, json(e.findings()));
        insert.setString(++i, e.purpose());
        insert.setBoolean(++i, e.allowed());
        insert.setArray(++i, connection.createArrayOf("text", e.reasons().toArray()));
        insert.setString(++i, e.policyEngine());
        insert.setString(++i, e.policyRevision());
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise audit findings", ex);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    /** An event waiting for its commit. */
    private static final class Pending {
        static final int QUEUED = 0;
        static final int CLAIMED = 1;
        static final int WITHDRAWN = 2;

        final AuditEvent event;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Pending(AuditEvent event) {
            this.event = event;
        }
    }
}
