package io.tiergate.audit.checkpoint;

import java.io.IOException;

/**
 * Somewhere checkpoints outlive the gateway and the database: an append-only file (a persistent
 * volume), a webhook, an object in a write-once bucket. The database owner must not be able to
 * rewrite it. docs/AUDIT.md says how to add one.
 */
public interface CheckpointSink {

    /** Publishes one checkpoint durably, or throws. */
    void publish(Checkpoint checkpoint) throws IOException;

    /** For logs and reports: where the checkpoints go. */
    String describe();
}
