package io.tiergate.audit.checkpoint;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Signs a checkpoint of the audit chain's head at start-up, every {@code interval} and on
 * shutdown, and publishes it to every configured sink. The key is read once, from a file the
 * database role has no way to reach; without a key no checkpoints are signed (and the start-up
 * log says so). A sink that fails is logged and tried again with the next checkpoint: the
 * database stays the record, the checkpoints are the evidence that it was not rewritten.
 */
@Singleton
public class CheckpointSigner {

    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);

    @Inject CheckpointConfig config;
    @Inject AgroalDataSource dataSource;
    @Inject Clock clock;
    private PrivateKey key;
    private String instance;
    private List<CheckpointSink> sinks = List.of();
    private ScheduledExecutorService timer;
    private volatile String lastFailure;

    void start(@Observes StartupEvent event) {
        Optional<Path> keyFile = config.signingKey();
        if (keyFile.isEmpty()) {
            LOG.warn("tiergate.audit.checkpoint.signing-key is not set: no signed checkpoints, so a database owner who "
                    + "rewrites the end of the audit chain and moves its head would go unnoticed (docs/AUDIT.md)");
            return;
        }
        key = loadKey(keyFile.get());
        instance = config.instance().orElseGet(CheckpointSigner::hostName);
        if (!Checkpoint.WORD.matcher(instance).matches()) {
            throw new IllegalStateException("tiergate.audit.checkpoint.instance must be one word of letters, digits and . _ : -");
        }
        sinks = sinks(config);
        if (sinks.isEmpty()) {
            throw new IllegalStateException("tiergate.audit.checkpoint.signing-key is set but no sink is: "
                    + "set tiergate.audit.checkpoint.file and/or tiergate.audit.checkpoint.webhook-url");
        }
        LOG.infof("signing audit checkpoints as %s every %s to %s", instance, config.interval(),
                sinks.stream().map(CheckpointSink::describe).toList());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tiergate-audit-checkpoint");
            t.setDaemon(true);
            return t;
        });
        long period = config.interval().toMillis();
        timer.scheduleAtFixedRate(this::checkpointQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    /** After the audit writer has drained (it stops at the default priority), the last word. */
    void stop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 100) ShutdownEvent event) throws InterruptedException {
        if (timer == null) {
            return;
        }
        timer.shutdown();
        timer.awaitTermination(config.webhookTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        checkpointQuietly();
    }

    /** Whether checkpoints are being signed. */
    public boolean enabled() {
        return key != null;
    }

    /** The last publication failure, or null when the last checkpoint reached every sink. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Signs the current head and publishes it to every sink; returns it. Throws when the head
     * cannot be read or a sink refuses it (the other sinks still get it).
     */
    public synchronized Checkpoint checkpoint() throws IOException, SQLException {
        if (key == null) {
            throw new IllegalStateException("no signing key is configured");
        }
        Checkpoint checkpoint;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet head = s.executeQuery("select seq, hash from audit_chain_head where id = 1")) {
            if (!head.next()) {
                throw new SQLException("the audit chain has no head row");
            }
            checkpoint = Checkpoint.sign(head.getLong(1), head.getString(2), clock.instant(), instance, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
        IOException failure = null;
        for (CheckpointSink sink : sinks) {
            try {
                sink.publish(checkpoint);
            } catch (IOException e) {
                LOG.errorf("audit checkpoint %d not published to %s: %s", checkpoint.seq(), sink.describe(), e.toString());
                if (failure == null) {
                    failure = new IOException(sink.describe() + ": " + e.getMessage(), e);
                }
            }
        }
        lastFailure = failure == null ? null : failure.getMessage();
        if (failure != null) {
            throw failure;
        }
        return checkpoint;
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (IOException | SQLException | RuntimeException e) {
            lastFailure = e.getMessage();
            LOG.errorf("audit checkpoint failed: %s", e.toString());
        }
    }

    static List<CheckpointSink> sinks(CheckpointConfig config) {
        List<CheckpointSink> sinks = new ArrayList<>();
        config.file().ifPresent(f -> sinks.add(new FileCheckpointSink(f)));
        config.webhookUrl().ifPresent(u -> sinks.add(new WebhookCheckpointSink(u, config.webhookTimeout())));
        return sinks;
    }

    private static PrivateKey loadKey(Path file) {
        try {
            PrivateKey loaded = CheckpointKeys.readPrivate(file);
            try {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                if (p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.GROUP_READ)) {
                    LOG.warnf("the checkpoint signing key %s is readable by other users: make it 0400 (Secret defaultMode: 0400)", file);
                }
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return loaded;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the audit checkpoint signing key " + file + ": " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "gateway";
            }
        }
        return name.replaceAll("[^A-Za-z0-9._:-]", "-");
    }
}
