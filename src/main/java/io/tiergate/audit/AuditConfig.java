package io.tiergate.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** How audit events are written. */
@ConfigMapping(prefix = "tiergate.audit")
public interface AuditConfig {

    /** Most events committed in one transaction (group commit). */
    @WithDefault("256")
    @Min(1)
    @Max(10000)
    int maxBatch();

    /** Events waiting to be written; past this the gateway refuses requests rather than queue more. */
    @WithDefault("10000")
    @Min(1)
    int queueCapacity();

    /** Longest a request waits for its event to be queued for writing before it is refused. */
    @WithDefault("2s")
    Duration writeTimeout();

    /**
     * Whether a request whose event finds the writer idle writes it on its own thread (with any
     * queued events) instead of handing it to the writer thread and waiting to be woken; off, every
     * event goes through the writer thread (the behaviour before; kept to measure one against the other).
     */
    @WithDefault("true")
    boolean callerWrites();

    /** Longest one batch may take in the database before it counts as failed. */
    @WithDefault("10s")
    Duration statementTimeout();
}
