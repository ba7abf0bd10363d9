package io.tiergate.audit.checkpoint;

import java.io.IOException;
import java.util.List;

/** Where a verifier reads published checkpoints back from, one line each. */
public interface CheckpointSource {

    /** Every published line, oldest first; throws when the checkpoints cannot be read (missing, unreadable). */
    List<String> lines() throws IOException;

    /** For reports: where the checkpoints are read from. */
    String describe();
}
