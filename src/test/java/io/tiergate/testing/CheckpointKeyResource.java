package io.tiergate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

/**
 * The audit checkpoint keys of the test run: an Ed25519 signing key (0600) for the gateway, its
 * public key pinned for verification, and a second, unrelated key pair for forged checkpoints;
 * all under {@code target/checkpoint-test/}, with the checkpoint file next to them.
 */
public class CheckpointKeyResource implements QuarkusTestResourceLifecycleManager {

    /** The folder of the keys and the checkpoint file. */
    public static Path dir() {
        return Processes.root().resolve("target/checkpoint-test");
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = dir();
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("checkpoints.log"));
            write(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), dir, "gateway");
            write(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), dir, "other");
            return Map.of(
                    "tiergate.audit.checkpoint.signing-key", dir.resolve("gateway-private.pem").toString(),
                    "tiergate.audit.checkpoint.public-keys", dir.resolve("gateway-public.pem").toString(),
                    "tiergate.audit.checkpoint.file", dir.resolve("checkpoints.log").toString(),
                    "tiergate.audit.checkpoint.instance", "test-gateway",
                    "tiergate.audit.checkpoint.interval", "1h");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(KeyPair pair, Path dir, String name) throws IOException {
        Path privateKey = dir.resolve(name + "-private.pem");
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate()), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve(name + "-public.pem"), pem("PUBLIC KEY", pair.getPublic()), StandardCharsets.US_ASCII);
    }

    private static String pem(String type, Key key) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END " + type + "-----\n";
    }

    @Override
    public void stop() {
        // the keys stay with the build output for a look after the run
    }
}
