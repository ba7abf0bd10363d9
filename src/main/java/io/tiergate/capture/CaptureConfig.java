package io.tiergate.capture;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The capture store: how captures of LLM calls are queued and written, and the feedback metrics
 * callers may record on them. What is captured is the policy's decision (the capture obligation);
 * per-route switches and retention are in the catalog ({@code tiergate.catalog.routes."<name>".capture*}).
 */
@ConfigMapping(prefix = "tiergate.capture")
public interface CaptureConfig {

    /** Whether captures are written at all; off, every call goes on as before and nothing is stored. */
    @WithDefault("true")
    boolean enabled();

    /** Captures waiting for the writer; when full, new captures are dropped (and counted), never waited for. */
    @WithDefault("10000")
    @Min(1)
    @Max(1_000_000)
    int queueCapacity();

    /** Captures written in one multi-row INSERT. */
    @WithDefault("500")
    @Min(1)
    @Max(1000)
    int maxBatch();

    /**
     * Whether each capture batch waits, like an audit commit, until PostgreSQL has flushed it to the
     * disk. Off (the default), a batch commits with {@code synchronous_commit} off for its own
     * transaction: it never adds a disk flush for the audit commits to wait behind, and a crash of
     * PostgreSQL itself can lose the captures of its last moments (at most three times
     * {@code wal_writer_delay}, 0.6 s by default), as a crash of the gateway loses those still queued.
     */
    @WithDefault("false")
    boolean waitForFlush();

    /** How often dropped captures are summarised in the audit log (one capture.dropped event with the counts). */
    @WithDefault("60s")
    Duration dropReportInterval();

    /** Days of partitions {@code captures-maintain} creates ahead of today. */
    @WithDefault("7")
    @Min(1)
    @Max(366)
    int partitionsAhead();

    /** Most captures one export may hold ({@code POST /api/exports}); a larger one is refused: ask for a shorter range. */
    @WithDefault("100000")
    @Min(1)
    @Max(10_000_000)
    int exportMaxRecords();

    /** The role a service needs to record feedback on calls it did not make (an evaluation harness). */
    @WithDefault("evaluator")
    String evaluatorRole();

    /** Feedback metrics by name ({@code tiergate.capture.metrics."<name>".*}); feedback on any other is refused. */
    Map<String, MetricConfig> metrics();

    /** One feedback metric: its type, its range (floats), and what "better" means for it. */
    interface MetricConfig {

        /** {@code boolean}, {@code float} or {@code comment}. */
        MetricType type();

        /** Lowest value a float metric takes. */
        Optional<Double> min();

        /** Highest value a float metric takes. */
        Optional<Double> max();

        /** Which values are better: {@code higher} (the default; for a boolean, true) or {@code lower}. */
        @WithDefault("higher")
        Better better();

        /** What the metric measures, for people reading reports. */
        Optional<String> description();
    }

    /** The type of a feedback metric's value. */
    enum MetricType {
        BOOLEAN,
        FLOAT,
        COMMENT
    }

    /** The direction in which a metric improves. */
    enum Better {
        HIGHER,
        LOWER
    }
}
