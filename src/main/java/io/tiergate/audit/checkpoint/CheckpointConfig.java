package io.tiergate.audit.checkpoint;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Signed checkpoints of the audit chain, published outside the database (docs/AUDIT.md). */
@ConfigMapping(prefix = "tiergate.audit.checkpoint")
public interface CheckpointConfig {

    /** Ed25519 private key (PKCS#8 PEM) from a file or mounted Secret the database role cannot read; no checkpoints without it. */
    Optional<Path> signingKey();

    /** How often a checkpoint is signed (one more is signed at start-up and on shutdown). */
    @WithDefault("1m")
    Duration interval();

    /** This gateway's name in its checkpoints (letters, digits, {@code . _ : -}); default the host name. */
    Optional<String> instance();

    /** Append-only file the checkpoints are written to (a persistent volume in Kubernetes). */
    Optional<Path> file();

    /** URL each checkpoint is POSTed to (text/plain, one line). */
    Optional<URI> webhookUrl();

    /** Longest a webhook publication may take. */
    @WithDefault("5s")
    Duration webhookTimeout();

    /** The public keys (X.509 PEM) a verification accepts, pinned apart from the checkpoints themselves. */
    Optional<List<Path>> publicKeys();

    /** The checkpoint file a verification reads; default {@link #file()}. */
    Optional<Path> verifyFrom();
}
