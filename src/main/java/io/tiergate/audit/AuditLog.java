package io.tiergate.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Writes decision events. {@link #appendAndAwaitCommit} returns only once the event is committed to
 * PostgreSQL; {@link #appendInBackground} queues an event nobody waits for. Whoever holds the
 * writing lock drains the queue and commits whatever has accumulated in one transaction (group
 * commit), so concurrent requests share one fsync and one turn at the chain head's lock: a request
 * that finds the lock free writes its own event (and any queued with it) on its own thread, with no
 * hand-over to another thread and back (each a wake-up, which on a busy machine costs more than the
 * insert); one that finds it taken queues its event and waits, and the writer thread, or the
 * next request to take the lock, writes it. The writer thread also owns what may block: probing a
 * database that is down, retrying events nobody waits for, and resolving a commit whose outcome is
 * unknown. The log remembers the head it left and appends after it without reading it
 * first (a lone event: one auto-committed statement, one round trip); the database's link check
 * refuses the insert if another writer moved the head, and the log then appends under the lock.
 *
 * <p>A request never goes on without its record, and no record claims a request went on that
 * did not: a caller waits at most {@code tiergate.audit.write-timeout}. An event not yet taken by
 * the writer is then withdrawn. An event whose batch is being written is abandoned; should that
 * batch turn out to be committed, the writer appends a {@link AuditEvent.Kind#CORRECTION} that voids it.
 * A commit whose outcome is unknown (the connection broke during COMMIT) is resolved by asking the
 * database which events it holds, before anything else is written.
 */
@Singleton
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final AgroalDataSource dataSource;
    private final AuditConfig config;
    private final TransactionManager transactions;
    private final AuditChain chain;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    /** Events nobody waits for (corrections, notification failures) that must still be written; filled by the writer thread. */
    private final Deque<Pending> retry = new ConcurrentLinkedDeque<>();
    private volatile boolean running;
    private volatile boolean storeHealthy = true;
    private Thread writer;
    /** Held while a batch is written: by the writer thread, or by a request writing its own event. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Set while the writer thread waits for {@link #writing}, so that requests let it have the lock. */
    private volatile boolean writerWaiting;
    /** Batches a request wrote whose commit outcome is unknown, for the writer thread to resolve before anything else. */
    private final ConcurrentLinkedQueue<List<Pending>> inDoubt = new ConcurrentLinkedQueue<>();
    /** The end of the chain as this log left it (under {@link #writing}); null when unknown. */
    private AuditChain.Head head;
    /** Batches written (under {@link #writing}): by requests on their own threads, by the writer thread. */
    private volatile long batchesByRequests;
    private volatile long batchesByWriterThread;
    /** Batches still to be written under the head's lock after another writer moved the head (under {@link #writing}). */
    private int lockedBatches;
    static final int LOCKED_AFTER_CONFLICT = 64;

    public AuditLog(AgroalDataSource dataSource, AuditConfig config, AuditChain chain, Clock clock, TransactionManager transactions) {
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.config = config;
        this.chain = chain;
        this.clock = clock;
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
        if (!retry.isEmpty()) {
            LOG.errorf("%d audit events without a waiting request could not be written before shutdown", retry.size());
        }
    }

    /** Whether the writer thread is alive and taking events. */
    public boolean isRunning() {
        return running && writer != null && writer.isAlive();
    }

    /** Whether the last write reached the database (false from a failure until a write or probe succeeds). */
    public boolean isStoreHealthy() {
        return storeHealthy;
    }

    /** Batches written by requests on their own threads (the writer was idle), since start. */
    public long batchesWrittenByRequests() {
        return batchesByRequests;
    }

    /** Batches written by the writer thread (queued events, retries), since start. */
    public long batchesWrittenByWriterThread() {
        return batchesByWriterThread;
    }

    /** Events waiting for the writer. */
    public int backlog() {
        return queue.size() + retry.size();
    }

    /**
     * Makes the event durable, or throws: a caller that gets no exception may act on the decision;
     * a caller that gets the exception must not (its event is withdrawn, or voided once written).
     */
    public void appendAndAwaitCommit(AuditEvent event) {
        if (!isRunning()) {
            throw new AuditUnavailableException("the audit writer is not running");
        }
        if (!storeHealthy) {
            // Known to be failing: refuse at once rather than hold the caller for the write timeout.
            // The writer probes the database and lifts this as soon as it answers.
            throw new AuditUnavailableException("the audit database is unreachable");
        }
        Pending pending = new Pending(event, true);
        long deadline = System.nanoTime() + config.writeTimeout().toNanos();
        if (!writeOwn(pending) && !queue.offer(pending)) {
            throw new AuditUnavailableException("too many audit events are waiting to be written");
        }
        try {
            // the time a request spent writing its own event counts against its write timeout
            pending.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            giveUp(pending);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("the audit database refused the write");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(pending);
        }
    }

    /**
     * Writes the caller's event on the caller's thread, with whatever is queued, when the writing
     * lock is free, the store healthy, no batch is left to resolve and the caller is in no
     * transaction ({@link #inTransaction}); false (nothing done) otherwise, and the event goes to the
     * queue. Events to retry stay the writer thread's, in their own batches.
     *
     * <p>A failure settles the batch as on the writer thread, without its pause. The statement may
     * take at most the write timeout: a stalled store's statement is cancelled, its outcome resolved
     * by the writer thread, and an event found unwritten is written after all and voided, as one
     * committed late would be; an event committed past the write timeout is refused and voided too.
     */
    private boolean writeOwn(Pending pending) {
        if (!config.callerWrites() || writerWaiting || !storeHealthy || inTransaction() || !writing.tryLock()) {
            return false;
        }
        List<Pending> batch = new ArrayList<>(Math.min(config.maxBatch(), queue.size() + 1));
        long took;
        try {
            if (!storeHealthy || !inDoubt.isEmpty()) {
                return false;
            }
            batch.add(pending);
            queue.drainTo(batch, config.maxBatch() - 1);
            batch.removeIf(p -> !p.state.compareAndSet(Pending.QUEUED, Pending.CLAIMED));
            long started = System.nanoTime();
            write(batch, false);
            took = System.nanoTime() - started;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("a request's own audit write does not wait", e);
        } catch (RuntimeException e) {
            // as on the writer thread: the batch fails, and every request in it is refused
            LOG.error("audit write failed on a batch", e);
            batch.forEach(p -> failed(p, e));
            return true;
        } finally {
            writing.unlock();
        }
        if (took > config.writeTimeout().toNanos() && pending.state.get() == Pending.DONE) {
            voidLater(pending.event, "committed after its write timeout");
            throw new AuditUnavailableException("the audit database did not confirm the write in time");
        }
        return true;
    }

    /**
     * Whether the caller runs in a transaction (a workflow step): a connection taken on its thread
     * would join it, and the event would commit or roll back with it, so it goes to the writer thread.
     */
    private boolean inTransaction() {
        try {
            return transactions.getStatus() != Status.STATUS_NO_TRANSACTION;
        } catch (SystemException e) {
            return true;
        }
    }

    private static void giveUp(Pending pending) {
        if (pending.state.compareAndSet(Pending.QUEUED, Pending.WITHDRAWN)
                || pending.state.compareAndSet(Pending.CLAIMED, Pending.ABANDONED)) {
            throw new AuditUnavailableException("the audit database did not confirm the write in time");
        }
        // The writer settled it just now.
        if (pending.state.get() != Pending.DONE) {
            throw new AuditUnavailableException("the audit database refused the write");
        }
    }

    /**
     * Records an event nobody waits for (a failed notification, say): queued, and retried until
     * written while the gateway runs. Returns false when the queue is full (the event is logged).
     */
    public boolean appendInBackground(AuditEvent event) {
        boolean queued = isRunning() && queue.offer(new Pending(event, false));
        if (!queued) {
            LOG.errorf("audit event %s (%s %s) could not be queued", event.eventId(), event.action(), event.outcome());
        }
        return queued;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(config.maxBatch());
        while (running || !queue.isEmpty() || (!retry.isEmpty() && storeHealthy)) {
            boolean locked = false;
            try {
                List<Pending> doubtful = inDoubt.peek();
                if (doubtful != null) {
                    lockForWriter();
                    locked = true;
                    inDoubt.poll();
                    resolve(doubtful);
                    continue;
                }
                if (!retry.isEmpty()) {
                    while (!retry.isEmpty() && batch.size() < config.maxBatch()) {
                        batch.add(retry.poll());
                    }
                } else {
                    Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (!storeHealthy && inDoubt.isEmpty()) {
                            probe();
                        }
                        continue;
                    }
                    batch.add(first);
                }
                lockForWriter();
                locked = true;
                queue.drainTo(batch, config.maxBatch() - batch.size());
                batch.removeIf(p -> !p.state.compareAndSet(Pending.QUEUED, Pending.CLAIMED));
                if (!batch.isEmpty()) {
                    write(batch, true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                LOG.error("audit writer failed on a batch", e);
                batch.forEach(p -> failed(p, e));
            } finally {
                if (locked) {
                    writing.unlock();
                }
                batch.clear();
            }
        }
    }

    /** Takes the writing lock for the writer thread; requests stop taking it meanwhile. */
    private void lockForWriter() {
        writerWaiting = true;
        try {
            writing.lock();
        } finally {
            writerWaiting = false;
        }
    }

    /**
     * Writes one claimed batch and settles its events (under {@link #writing}). On the writer thread
     * ({@code writerThread}) a failure pauses before the next try and an unknown outcome is resolved
     * at once; on a request's thread neither waits: the batch in doubt goes to the writer thread.
     */
    private void write(List<Pending> batch, boolean writerThread) throws InterruptedException {
        // a request writing its own event waits at most its write timeout, as it would for the writer thread
        long limit = writerThread ? config.statementTimeout().toSeconds()
                : Math.min(config.statementTimeout().toSeconds(), config.writeTimeout().toSeconds());
        int timeout = (int) Math.max(1, limit);
        if (writerThread) {
            batchesByWriterThread++;
        } else {
            batchesByRequests++;
        }
        List<AuditEvent> events = batch.stream().map(p -> p.event).toList();
        try (Connection connection = dataSource.getConnection()) {
            List<AuditRecord> records = null;
            if (head != null && lockedBatches == 0) {
                records = appendAndCommit(connection, events, timeout, head);
                if (records == null) {
                    lockedBatches = LOCKED_AFTER_CONFLICT;
                }
            } else if (lockedBatches > 0) {
                lockedBatches--;
            }
            if (records == null) {
                records = appendAndCommit(connection, events, timeout, null);
            }
            head = AuditChain.headAfter(records);
            storeHealthy = true;
            batch.forEach(this::committed);
        } catch (OutcomeUnknown e) {
            LOG.errorf("audit batch of %d events: commit outcome unknown (%s); resolving", batch.size(), e.getMessage());
            head = null;
            storeHealthy = false;
            if (writerThread) {
                resolve(batch);
            } else {
                inDoubt.add(List.copyOf(batch));
            }
        } catch (SQLException e) {
            head = null;
            storeHealthy = false;
            LOG.errorf("audit batch of %d events not written: %s", batch.size(), e.getMessage());
            batch.forEach(p -> failed(p, e));
            if (writerThread) {
                pauseAfterFailure();
            }
        }
    }

    /**
     * Appends and commits. With {@code known} (the head this writer left), without taking the head's
     * lock first: a lone event is one auto-committed statement (one round trip, commit included), a
     * batch one statement and a commit; null, with nothing written, when another writer (a workflow
     * transaction, another gateway instance) moved the head meanwhile, so that the caller appends
     * again under the lock, and keeps doing so for the next {@value #LOCKED_AFTER_CONFLICT} batches,
     * since the chain is being shared just now. Without {@code known}, under the head's row lock.
     */
    private List<AuditRecord> appendAndCommit(Connection connection, List<AuditEvent> events, int timeout, AuditChain.Head known)
            throws SQLException, OutcomeUnknown {
        boolean autoCommit = known != null && events.size() == 1;
        connection.setAutoCommit(autoCommit);
        List<AuditRecord> records;
        try {
            records = known == null ? chain.append(connection, events, timeout) : chain.appendAfter(connection, known, events, timeout);
        } catch (SQLException | RuntimeException e) {
            if (!autoCommit) {
                rollbackQuietly(connection);
            }
            if (known != null && e instanceof SQLException sql && AuditChain.headMoved(sql)) {
                return null;
            }
            if (autoCommit && e instanceof SQLException sql && !AuditChain.refusedBeforeCommit(sql)) {
                throw new OutcomeUnknown(sql);
            }
            throw e;
        }
        if (!autoCommit) {
            try {
                connection.commit();
            } catch (SQLException e) {
                throw new OutcomeUnknown(e);
            }
        }
        return records;
    }

    /** A write whose commit may or may not have happened: the database must be asked. */
    private static final class OutcomeUnknown extends Exception {
        OutcomeUnknown(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Asks the database which events of an in-doubt batch it holds, until it answers. */
    private void resolve(List<Pending> batch) throws InterruptedException {
        long backoff = 50;
        while (true) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select = connection.prepareStatement("select event_id from audit_event where event_id = any(?)")) {
                Array ids = connection.createArrayOf("uuid", batch.stream().map(p -> p.event.eventId()).toArray());
                select.setArray(1, ids);
                Set<UUID> present = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        present.add(rows.getObject(1, UUID.class));
                    }
                }
                storeHealthy = true;
                LOG.infof("audit batch resolved: %d of %d events committed", present.size(), batch.size());
                for (Pending p : batch) {
                    if (present.contains(p.event.eventId())) {
                        committed(p);
                    } else if (p.waited && p.state.get() == Pending.ABANDONED) {
                        // its request was refused: the decision is recorded all the same, and voided
                        retry.add(new Pending(p.event, false, true));
                    } else {
                        failed(p, new SQLException("not committed"));
                    }
                }
                return;
            } catch (SQLException e) {
                if (!running) {
                    LOG.errorf("shutting down with %d audit events in doubt", batch.size());
                    batch.forEach(p -> failed(p, e));
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(backoff * 2, 1000);
            }
        }
    }

    private void committed(Pending p) {
        if (p.state.compareAndSet(Pending.CLAIMED, Pending.DONE)) {
            p.done.complete(null);
            if (p.voidOnCommit) {
                voidLater(p.event, "written after its request was refused");
            }
        } else if (p.state.get() == Pending.ABANDONED) {
            // Written, but its request was refused meanwhile: say so in the log itself.
            voidLater(p.event, "committed after its request was refused");
        }
    }

    /** Queues the correction that voids {@code event}, whose request was refused (written by the writer thread). */
    private void voidLater(AuditEvent event, String what) {
        LOG.warnf("audit event %s %s; recording a correction", event.eventId(), what);
        retry.add(new Pending(correctionOf(event), false));
    }

    private void failed(Pending p, Exception cause) {
        if (p.waited) {
            if (p.state.compareAndSet(Pending.CLAIMED, Pending.FAILED)) {
                p.done.completeExceptionally(cause);
            }
        } else {
            p.state.set(Pending.QUEUED);
            retry.add(p);
        }
    }

    private AuditEvent correctionOf(AuditEvent voided) {
        return AuditEvent.builder(AuditEvent.Kind.CORRECTION, voided.action())
                .at(clock.instant())
                .request(voided.requestId(), voided.traceId())
                .clientRequestId(voided.clientRequestId())
                .subject(voided.subjectId(), voided.subjectType())
                .resource(voided.resourceKind(), voided.resourceName(), voided.resourceTier())
                .content(voided.contentTier(), List.of())
                .purpose(voided.purpose())
                .outcome("voided")
                .reasons(List.of("audit_commit_unconfirmed"))
                .target(voided.eventId().toString())
                .details("the request was refused: its decision event was not confirmed in time")
                .build();
    }

    /** While writes fail and no event waits: is the database back? */
    private void probe() {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(1)) {
                storeHealthy = true;
                LOG.info("the audit database answers again");
            }
        } catch (SQLException e) {
            // still down; appends keep failing fast
        }
    }

    private void pauseAfterFailure() throws InterruptedException {
        // Do not spin on a database that is down; new requests are refused meanwhile (fail closed).
        TimeUnit.MILLISECONDS.sleep(Math.min(200, config.writeTimeout().toMillis() / 4));
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    /** An event on its way to the database. */
    private static final class Pending {
        static final int QUEUED = 0;
        static final int CLAIMED = 1;
        static final int DONE = 2;
        static final int FAILED = 3;
        static final int WITHDRAWN = 4;
        static final int ABANDONED = 5;

        final AuditEvent event;
        final boolean waited;
        /** The event of a request refused before it was written: once committed, a correction voids it. */
        final boolean voidOnCommit;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Pending(AuditEvent event, boolean waited) {
            this(event, waited, false);
        }

        Pending(AuditEvent event, boolean waited, boolean voidOnCommit) {
            this.event = event;
            this.waited = waited;
            this.voidOnCommit = voidOnCommit;
        }
    }
}
