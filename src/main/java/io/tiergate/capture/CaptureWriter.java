package io.tiergate.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditLog;
import io.tiergate.policy.AuditActions;
import io.tiergate.policy.Decision.Capture;
import io.tiergate.policy.PolicyInput.FindingCount;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The capture store's writer, off the request path: {@link #submit} puts a call's references on a
 * bounded queue and returns at once; one thread renders what it takes (redaction, JSON) and writes
 * batches with one multi-row INSERT each into the {@code capture} table (partitioned by day). A
 * capture never delays or fails a call: when the queue is full, or a batch cannot be written (the
 * database refuses it, today's partition is missing), the captures are dropped, counted
 * ({@code tiergate.captures.dropped} by reason) and summarised in the audit log as one
 * {@code capture.dropped} event per report interval, with the counts.
 */
@Singleton
public class CaptureWriter {

    private static final Logger LOG = Logger.getLogger(CaptureWriter.class);
    private static final String COLUMNS = "(inference_id, captured_at, route, variant, model, subject_id, subject_type, purpose, "
            + "capture_mode, request, answer, usage, latency_ms, ttft_ms, status, tier, finding_types)";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)";

    /** Why a capture was dropped. */
    public enum DropReason {
        QUEUE_FULL("queue_full"),
        WRITE_FAILED("write_failed");

        final String tag;

        DropReason(String tag) {
            this.tag = tag;
        }
    }

    private final DataSource dataSource;
    private final Settings config;
    private final AuditLog audit;
    private final Clock clock;
    private final BlockingQueue<CapturedCall> queue;
    private final Counter written;
    private final Counter[] dropped = new Counter[DropReason.values().length];
    private final AtomicLong[] unreported = new AtomicLong[DropReason.values().length];
    private final String[] statements;
    private volatile boolean running;
    private Thread writer;
    private long nextReportNanos;

    /** What the writer needs of {@link CaptureConfig} (a benchmark gives its own). */
    public record Settings(boolean enabled, int queueCapacity, int maxBatch, Duration dropReportInterval, boolean waitForFlush) {

        static Settings of(CaptureConfig config) {
            return new Settings(config.enabled(), config.queueCapacity(), config.maxBatch(), config.dropReportInterval(),
                    config.waitForFlush());
        }
    }

    @Inject
    public CaptureWriter(DataSource dataSource, CaptureConfig config, AuditLog audit, Clock clock, MeterRegistry registry) {
        this(dataSource, Settings.of(config), audit, clock, registry);
    }

    public CaptureWriter(DataSource dataSource, Settings config, AuditLog audit, Clock clock, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.statements = new String[config.maxBatch() + 1];
        this.written = Counter.builder("tiergate.captures.written").description("Captures of LLM calls written to the capture store")
                .register(registry);
        for (DropReason reason : DropReason.values()) {
            dropped[reason.ordinal()] = Counter.builder("tiergate.captures.dropped")
                    .description("Captures of LLM calls dropped (the call went on): queue full, or the writer could not write")
                    .tag("reason", reason.tag).register(registry);
            unreported[reason.ordinal()] = new AtomicLong();
        }
        Gauge.builder("tiergate.captures.queued", queue, BlockingQueue::size)
                .description("Captures waiting for the capture writer").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            startWriter();
        }
    }

    /** Starts the writer thread (at start-up; a benchmark starts its own writer). */
    public void startWriter() {
        running = true;
        nextReportNanos = System.nanoTime() + config.dropReportInterval().toNanos();
        writer = new Thread(this::writeLoop, "tiergate-capture-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopWriter();
    }

    /** Stops the writer once it has written what is queued (or after 5 s). */
    public void stopWriter() throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.join(5000);
        }
    }

    /** Captures written since start (what the benchmark counts). */
    public long written() {
        return (long) written.count();
    }

    /** Whether captures are taken at all (tiergate.capture.enabled): when not, the proxy hands nothing over. */
    public boolean enabled() {
        return config.enabled();
    }

    /** Queues a capture; never blocks. Returns false (and counts the drop) when the queue is full or the writer is stopped. */
    public boolean submit(CapturedCall call) {
        if (running && queue.offer(call)) {
            return true;
        }
        drop(DropReason.QUEUE_FULL, 1);
        return false;
    }

    private void drop(DropReason reason, int count) {
        dropped[reason.ordinal()].increment(count);
        unreported[reason.ordinal()].addAndGet(count);
    }

    private void writeLoop() {
        List<CapturedCall> batch = new ArrayList<>(config.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                CapturedCall first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, config.maxBatch() - 1);
                    write(batch);
                    batch.clear();
                }
                reportDrops(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "the capture writer failed on a batch of %d", batch.size());
                drop(DropReason.WRITE_FAILED, batch.size());
                batch.clear();
            }
        }
        reportDrops(true);
    }

    /** Renders and inserts one batch; a batch that cannot be rendered or written is dropped whole. */
    private void write(List<CapturedCall> batch) {
        List<Row> rows = new ArrayList<>(batch.size());
        for (CapturedCall call : batch) {
            try {
                rows.add(Row.of(call));
            } catch (RuntimeException e) {
                LOG.errorf(e, "capture %s could not be rendered", call.inferenceId());
                drop(DropReason.WRITE_FAILED, 1);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try {
            insert(rows);
            written.increment(rows.size());
        } catch (SQLException e) {
            if (rows.size() > 1 && isDataError(e)) {
                // one capture the database refuses (e.g. text jsonb cannot hold) must not cost the others theirs
                rows.forEach(row -> insertAlone(row));
                return;
            }
            LOG.warnf("%d captures dropped: the capture store refused the write (%s)", rows.size(), e.getMessage());
            drop(DropReason.WRITE_FAILED, rows.size());
        }
    }

    private void insertAlone(Row row) {
        try {
            insert(List.of(row));
            written.increment();
        } catch (SQLException e) {
            LOG.warnf("capture %s dropped: the capture store refused it (%s)", row.call().inferenceId(), e.getSQLState());
            drop(DropReason.WRITE_FAILED, 1);
        }
    }

    /**
     * One multi-row INSERT in its own transaction. Unless {@code waitForFlush}, the transaction does
     * not wait for its WAL to reach the disk ({@code synchronous_commit} off for it alone): the
     * audit commits every call waits for then share no flush with the captures (docs/ARCHITECTURE.md,
     * "Captures").
     */
    private void insert(List<Row> rows) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!config.waitForFlush()) {
                    try (Statement set = connection.createStatement()) {
                        set.execute("set local synchronous_commit to off");
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(statement(rows.size()))) {
                    int i = 1;
                    for (Row row : rows) {
                        i = row.bind(connection, insert, i);
                    }
                    insert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the pool discards it
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** SQLSTATE class 22 (data exception): the rows, not the store, are at fault. */
    private static boolean isDataError(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    private String statement(int rows) {
        String sql = statements[rows];
        if (sql == null) {
            StringBuilder b = new StringBuilder("insert into capture ").append(COLUMNS).append(" values ");
            for (int r = 0; r < rows; r++) {
                b.append(r == 0 ? "" : ", ").append(ROW);
            }
            sql = b.toString();
            statements[rows] = sql;
        }
        return sql;
    }

    /** One {@code capture.dropped} event with the counts since the last, at most once per interval (and at shutdown). */
    private void reportDrops(boolean now) {
        if (!now && System.nanoTime() < nextReportNanos) {
            return;
        }
        nextReportNanos = System.nanoTime() + config.dropReportInterval().toNanos();
        long queueFull = unreported[DropReason.QUEUE_FULL.ordinal()].getAndSet(0);
        long writeFailed = unreported[DropReason.WRITE_FAILED.ordinal()].getAndSet(0);
        if (queueFull + writeFailed == 0 || audit == null) {
            return; // nothing lost; or a benchmark's writer, which has no audit log
        }
        boolean queued = audit.appendInBackground(AuditEvent.builder(AuditEvent.Kind.OPERATION, AuditActions.CAPTURE_DROPPED)
                .at(clock.instant())
                .resource("capture_store", "captures", null)
                .outcome("dropped")
                .reasons(queueFull > 0 && writeFailed > 0 ? List.of("queue_full", "write_failed")
                        : List.of(queueFull > 0 ? "queue_full" : "write_failed"))
                .details("count=" + (queueFull + writeFailed) + "; queue_full=" + queueFull + "; write_failed=" + writeFailed)
                .build());
        if (!queued) {
            // the audit log is down too: keep the counts for the next report
            unreported[DropReason.QUEUE_FULL.ordinal()].addAndGet(queueFull);
            unreported[DropReason.WRITE_FAILED.ordinal()].addAndGet(writeFailed);
        }
    }

    /** A capture as stored: rendered on the writer's thread. */
    private record Row(CapturedCall call, String model, String request, String answer, String usage, String[] findingTypes) {

        static Row of(CapturedCall call) {
            Capture mode = call.mode();
            String request = call.request().json(mode);
            String answer = call.answer() == null ? null : call.answer().json(mode);
            JsonNode model = call.request().member("model");
            JsonNode usage = call.answer() == null ? null : call.answer().member("usage");
            TreeSet<String> types = new TreeSet<>();
            call.requestFindings().stream().map(FindingCount::type).forEach(types::add);
            call.answerFindings().stream().map(FindingCount::type).forEach(types::add);
            return new Row(call, model != null && model.isTextual() ? model.textValue() : null, request, answer,
                    usage != null && usage.isObject() ? usage.toString() : null, types.toArray(String[]::new));
        }

        int bind(Connection connection, PreparedStatement insert, int i) throws SQLException {
            insert.setObject(i++, call.inferenceId());
            insert.setTimestamp(i++, Timestamp.from(call.startedAt()));
            insert.setString(i++, call.route());
            insert.setString(i++, call.variant());
            insert.setString(i++, model);
            insert.setString(i++, call.subject().id());
            insert.setString(i++, call.subject().type().json());
            insert.setString(i++, call.purpose() == null ? "" : call.purpose());
            insert.setString(i++, call.mode().json());
            insert.setString(i++, request);
            insert.setString(i++, answer);
            insert.setString(i++, usage);
            insert.setInt(i++, (int) Math.min(Integer.MAX_VALUE, call.latencyNanos() / 1_000_000));
            if (call.firstTokenNanos() < 0) {
                insert.setNull(i++, Types.INTEGER);
            } else {
                insert.setInt(i++, (int) Math.min(Integer.MAX_VALUE, call.firstTokenNanos() / 1_000_000));
            }
            insert.setInt(i++, call.status());
            insert.setInt(i++, call.tier());
            insert.setArray(i++, connection.createArrayOf("text", findingTypes));
            return i;
        }
    }
}
