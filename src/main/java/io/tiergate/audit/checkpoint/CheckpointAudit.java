package io.tiergate.audit.checkpoint;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the audit chain in PostgreSQL against the published checkpoints, with the public keys
 * pinned in the configuration ({@code tiergate.audit.checkpoint.public-keys}), never with a key
 * found next to the checkpoints.
 */
@Singleton
public class CheckpointAudit {

    @Inject CheckpointConfig config;
    @Inject AgroalDataSource dataSource;

    /** A pinned key that cannot be read is a configuration error: the gateway does not start with it. */
    void checkPinnedKeys(@Observes StartupEvent event) {
        config.publicKeys().ifPresent(CheckpointAudit::pinnedKeys);
    }

    /** Checks the configured checkpoint source against the live chain. */
    public CheckpointVerifier.Report verify() throws SQLException {
        if (config.publicKeys().isEmpty() || config.publicKeys().get().isEmpty()) {
            return CheckpointVerifier.notConfigured();
        }
        Optional<Path> from = config.verifyFrom().or(config::file);
        if (from.isEmpty()) {
            return CheckpointVerifier.unreadable("none", "public keys are pinned but neither tiergate.audit.checkpoint.verify-from "
                    + "nor tiergate.audit.checkpoint.file names the checkpoints");
        }
        List<PublicKey> keys;
        try {
            keys = pinnedKeys(config.publicKeys().get());
        } catch (IllegalStateException e) {
            // readable at start-up, gone since (a Secret unmounted): reported, never taken for "nothing to check"
            return CheckpointVerifier.keysUnreadable(e.getMessage());
        }
        try (Connection c = dataSource.getConnection()) {
            return verify(c, new FileCheckpointSink(from.get()), keys);
        }
    }

    /** Checks a checkpoint source against the chain on this connection (its search path names the tables), in one snapshot. */
    public static CheckpointVerifier.Report verify(Connection connection, CheckpointSource source, List<PublicKey> keys) throws SQLException {
        List<String> lines;
        try {
            lines = source.lines();
        } catch (IOException e) {
            return CheckpointVerifier.unreadable(source.describe(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            long head;
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("select seq from audit_chain_head where id = 1")) {
                head = r.next() ? r.getLong(1) : 0;
            }
            CheckpointVerifier.Report report = CheckpointVerifier.verify(source.describe(), lines, keys,
                    new DatabaseChain(connection, head));
            connection.commit();
            return report;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Reads the pinned public keys; a key that cannot be read is a configuration error. */
    public static List<PublicKey> pinnedKeys(List<Path> files) {
        List<PublicKey> keys = new ArrayList<>();
        for (Path f : files) {
            try {
                keys.add(CheckpointKeys.readPublic(f));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the pinned checkpoint public key " + f + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    private record DatabaseChain(Connection connection, long headSeq) implements CheckpointVerifier.Chain {
        @Override
        public Map<Long, String> hashesAt(Set<Long> positions) throws SQLException {
            Map<Long, String> hashes = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("select seq, hash from audit_event where seq = any(?)")) {
                Array seqs = connection.createArrayOf("bigint", positions.toArray());
                select.setArray(1, seqs);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        hashes.put(r.getLong(1), r.getString(2));
                    }
                }
            }
            return hashes;
        }
    }

}
