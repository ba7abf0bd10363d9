package io.tiergate.audit.checkpoint;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.audit.AuditChain;
import io.tiergate.audit.AuditQueries;
import io.tiergate.audit.AuditRecord;
import io.tiergate.audit.ChainVerifier;
import io.tiergate.testing.ChainCopy;
import io.tiergate.testing.CheckpointKeyResource;
import io.tiergate.testing.Processes;
import io.tiergate.testing.Tokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signed checkpoints catch what the chain alone cannot: a database owner who deletes the last
 * events and moves the head back, or rewrites every hash from some event on, leaves a chain that
 * verifies, but not one that holds the checkpoints signed before. Each tampering runs as the
 * owner on a copy of the chain (like {@code AuditChainTest}); the Java verifier and
 * {@code scripts/audit-verify.sh --checkpoints} must find the same problems and the same last
 * holding checkpoint. Checkpoints come from two gateway instances signing the one chain.
 */
@QuarkusTest
class CheckpointTamperTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String appUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String appPassword;
    @ConfigProperty(name = "quarkus.flyway.username")
    String owner;
    @ConfigProperty(name = "quarkus.flyway.password")
    String ownerPassword;

    @Inject
    CheckpointSigner signer;
    @Inject
    CheckpointAudit audit;
    @Inject
    AuditQueries queries;

    PrivateKey gatewayKey;
    PrivateKey otherKey;
    PublicKey pinned;

    @BeforeEach
    void keysAndEvents() throws Exception {
        Path dir = CheckpointKeyResource.dir();
        gatewayKey = CheckpointKeys.readPrivate(dir.resolve("gateway-private.pem"));
        otherKey = CheckpointKeys.readPrivate(dir.resolve("other-private.pem"));
        pinned = CheckpointKeys.readPublic(dir.resolve("gateway-public.pem"));
        for (int i = 0; i < 6; i++) {
            // a denied audit.read is a decision event
            given().auth().oauth2(Tokens.developer("checkpoint-writer")).when().get("/api/audit/events").then().statusCode(403);
        }
    }

    @Test
    void theGatewaySignsCheckpointsOfTheLiveChainThatHold() throws Exception {
        Checkpoint signed = signer.checkpoint();
        List<String> published = Files.readAllLines(CheckpointKeyResource.dir().resolve("checkpoints.log"));
        assertThat(published).as("one at start-up, this one").hasSizeGreaterThanOrEqualTo(2).contains(signed.line());
        assertThat(Checkpoint.parse(published.get(0)).instance()).isEqualTo("test-gateway");
        assertThat(signed.signedBy(pinned)).isTrue();

        CheckpointVerifier.Report report = audit.verify();
        assertThat(report.configured()).isTrue();
        assertThat(report.problems()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.verified()).isEqualTo(published.size());
        assertThat(report.lastHolding().seq()).isGreaterThanOrEqualTo(signed.seq());
        assertThat(signer.lastFailure()).isNull();
    }

    @Test
    void anIntactChainHoldsTheCheckpointsOfSeveralInstances() throws Exception {
        Outcome intact = onCopy("intact", (c, head, k, file) -> {
        });
        assertThat(intact.java().ok()).isTrue();
        assertThat(intact.java().verified()).isEqualTo(2);
        assertThat(intact.lastHolding()).isEqualTo(intact.head());
    }

    @Test
    void deletingTheTailAndMovingTheHeadIsFoundAlthoughTheChainItselfVerifies() throws Exception {
        Outcome truncated = onCopy("truncate", (c, head, k, file) -> {
            try (Statement s = c.createStatement()) {
                s.execute("delete from audit_event where seq > " + k);
                s.execute("update audit_chain_head set seq = " + k + ", hash = (select hash from audit_event where seq = " + k + ")");
            }
        });
        assertThat(truncated.chain().ok()).as("the chain alone cannot tell").isTrue();
        assertThat(truncated.java().ok()).isFalse();
        assertThat(truncated.kinds()).containsExactly("truncated@" + truncated.head());
        assertThat(truncated.lastHolding()).isEqualTo(truncated.k() - 1);
    }

    @Test
    void rewritingEveryHashAfterAnEventIsFound() throws Exception {
        Outcome rewritten = onCopy("rewrite", (c, head, k, file) -> rewriteFrom(c, k, head));
        assertThat(rewritten.chain().ok()).as("the chain alone cannot tell").isTrue();
        assertThat(rewritten.kinds()).containsExactly("rewritten@" + rewritten.head());
        assertThat(rewritten.lastHolding()).isEqualTo(rewritten.k() - 1);
    }

    @Test
    void aSecondChainSignedAtTheSamePositionIsAFork() throws Exception {
        Outcome forked = onCopy("fork", (c, head, k, file) -> {
            String forgedHead = rewriteFrom(c, k, head);
            // a gateway pointed at the rewritten database signs its head with the real key
            append(file, Checkpoint.sign(head, forgedHead, Instant.now(), "gateway-c", gatewayKey));
        });
        assertThat(forked.kinds()).containsExactlyInAnyOrder("forked@" + forked.head(), "rewritten@" + forked.head());
        assertThat(forked.lastHolding()).isEqualTo(forked.k() - 1);
    }

    @Test
    void checkpointsSignedWithAnotherKeyOrAlteredAreReported() throws Exception {
        Outcome forged = onCopy("otherkey", (c, head, k, file) -> {
            String hash = hashAt(c, k);
            append(file, Checkpoint.sign(k, hash, Instant.now(), "gateway-a", otherKey));
            Checkpoint genuine = Checkpoint.sign(k, hash, Instant.now(), "gateway-a", gatewayKey);
            Files.writeString(file, genuine.line().replace(" " + k + " ", " " + (k + 1) + " ") + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.APPEND);
        });
        assertThat(forged.java().ok()).isFalse();
        assertThat(forged.kinds()).containsExactlyInAnyOrder("bad_signature@" + forged.k(), "bad_signature@" + (forged.k() + 1));
        assertThat(forged.java().verified()).isEqualTo(2);
        assertThat(forged.lastHolding()).isEqualTo(forged.head());
    }

    @Test
    void aMissingOrUnreadableCheckpointSinkIsReportedNotIgnored() throws Exception {
        Path missing = CheckpointKeyResource.dir().resolve("no-such-" + UUID.randomUUID() + ".log");
        Path directory = Files.createDirectories(CheckpointKeyResource.dir().resolve("a-directory-" + UUID.randomUUID()));
        for (Path source : List.of(missing, directory)) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, appUser, appPassword)) {
                CheckpointVerifier.Report report = CheckpointAudit.verify(c, new FileCheckpointSink(source), List.of(pinned));
                assertThat(report.ok()).as(source.toString()).isFalse();
                assertThat(report.problems()).extracting(CheckpointVerifier.Problem::kind).containsExactly("sink_unreadable");
            }
            List<String> out = command("public", source);
            assertThat(out.get(1)).startsWith("CHECKPOINTS BROKEN: 1 problem; no checkpoint holds");
            assertThat(out.get(2)).contains("sink_unreadable");
        }
        Path failingSink = Files.createDirectories(CheckpointKeyResource.dir().resolve("sink-dir-" + UUID.randomUUID()));
        assertThat(new FileCheckpointSink(failingSink).describe()).contains(failingSink.toString());
        assertThatThrownBy(() -> new FileCheckpointSink(failingSink)
                .publish(Checkpoint.sign(0, AuditChain.GENESIS, Instant.now(), "x", gatewayKey))).isInstanceOf(IOException.class);
    }

    @Test
    void theVerifyEndpointHoldsTheLiveChainAgainstTheCheckpointsForAuditorsAndNotForDevelopers() throws Exception {
        Checkpoint signed = signer.checkpoint();
        given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/audit/verify").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("checked", greaterThanOrEqualTo((int) signed.seq()))
                .body("checkpoints.configured", equalTo(true))
                .body("checkpoints.ok", equalTo(true))
                .body("checkpoints.problems", empty())
                .body("checkpoints.last_holding.seq", greaterThanOrEqualTo((int) signed.seq()));
        given().auth().oauth2(Tokens.developer("alice")).when().get("/api/audit/verify").then().statusCode(403)
                .contentType("application/problem+json").body("reasons", contains("role_not_permitted"));
    }

    /*
     * The endpoint reads the configured sink against the shared live chain, which must stay intact:
     * these tests change the sink instead (restored afterwards). A checkpoint beyond the head is
     * what a deleted tail with a moved head looks like, another hash at a position what a rewritten
     * tail looks like; the tampering of the chain itself is covered on copies above.
     */

    @Test
    void theVerifyEndpointReportsATruncationARewrittenTailAndAForkWithTheLastCheckpointThatHolds() throws Exception {
        Checkpoint real = signer.checkpoint();
        long k = real.seq() - 2;
        String hashAtK;
        try (Connection c = DriverManager.getConnection(jdbcUrl, appUser, appPassword)) {
            hashAtK = hashAt(c, k);
        }
        String other = "f".repeat(64);
        withSinkLines(List.of(Checkpoint.sign(real.seq() + 1000, other, Instant.now(), "gateway-x", gatewayKey).line()), () ->
                given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/audit/verify").then().statusCode(200)
                        .body("ok", equalTo(false))
                        .body("broken_at", nullValue())
                        .body("checkpoints.problems.kind", contains("truncated"))
                        .body("checkpoints.problems[0].seq", equalTo((int) real.seq() + 1000))
                        .body("checkpoints.last_holding.seq", equalTo((int) real.seq())));
        withSinkLines(List.of(Checkpoint.sign(real.seq(), other, Instant.now(), "gateway-x", gatewayKey).line()), () ->
                given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/audit/verify").then().statusCode(200)
                        .body("ok", equalTo(false))
                        .body("checkpoints.problems.kind", hasItems("rewritten", "forked"))
                        .body("checkpoints.last_holding.seq", lessThan((int) real.seq())));
        withSinkLines(List.of(Checkpoint.sign(k, hashAtK, Instant.now(), "gateway-y", gatewayKey).line(),
                Checkpoint.sign(k + 1, other, Instant.now(), "gateway-y", gatewayKey).line()), () ->
                given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/audit/verify").then().statusCode(200)
                        .body("ok", equalTo(false))
                        .body("checkpoints.problems.kind", hasItem("rewritten"))
                        .body("checkpoints.problems.find { it.kind == 'rewritten' }.seq", equalTo((int) k + 1)));
    }

    @Test
    void theVerifyEndpointReportsAMissingOrUnreadableSink() throws Exception {
        Path sink = CheckpointKeyResource.dir().resolve("checkpoints.log");
        Path aside = CheckpointKeyResource.dir().resolve("checkpoints.log.aside");
        Files.move(sink, aside);
        try {
            given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/audit/verify").then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("checkpoints.problems.kind", contains("sink_unreadable"));
            Files.createDirectory(sink);
            given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/audit/verify").then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("checkpoints.problems.kind", contains("sink_unreadable"));
        } finally {
            Files.deleteIfExists(sink);
            Files.move(aside, sink);
        }
        given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    /** Runs {@code check} with {@code extra} lines appended to the live sink, then puts the sink back as it was. */
    private static void withSinkLines(List<String> extra, Runnable check) throws IOException {
        Path sink = CheckpointKeyResource.dir().resolve("checkpoints.log");
        byte[] before = Files.readAllBytes(sink);
        try {
            Files.write(sink, extra, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
            check.run();
        } finally {
            Files.write(sink, before);
        }
    }

    /** What was tampered with on the copy. */
    @FunctionalInterface
    interface Tampering {
        void apply(Connection copy, long head, long k, Path checkpoints) throws Exception;
    }

    /** The chain's own verdict, the checkpoint verdict (Java) and what the command printed. */
    record Outcome(long head, long k, ChainVerifier.Report chain, CheckpointVerifier.Report java, List<String> command) {
        List<String> kinds() {
            return java.problems().stream().map(p -> p.kind() + "@" + p.seq()).toList();
        }

        long lastHolding() {
            return java.lastHolding() == null ? -1 : java.lastHolding().seq();
        }
    }

    /**
     * Copies the chain into a scratch schema, has two instances sign checkpoints of it (at k - 1
     * and at its head), tampers, then runs both verifiers on the copy and checks they agree.
     */
    private Outcome onCopy(String name, Tampering tampering) throws Exception {
        String schema = "cp_" + name + "_" + UUID.randomUUID().toString().substring(0, 8);
        Path file = CheckpointKeyResource.dir().resolve(schema + ".log");
        try (Connection c = DriverManager.getConnection(jdbcUrl, owner, ownerPassword); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // the events and the head of one moment
            ChainCopy.create(c, schema, appUser);
            long head;
            try (ResultSet r = s.executeQuery("select seq from audit_chain_head")) {
                r.next();
                head = r.getLong(1);
            }
            long k = head - 3;
            append(file, Checkpoint.sign(k - 1, hashAt(c, k - 1), Instant.now(), "gateway-a", gatewayKey));
            append(file, Checkpoint.sign(head, hashAt(c, head), Instant.now(), "gateway-b", gatewayKey));
            tampering.apply(c, head, k, file);
            c.commit();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);

            ChainVerifier.Report chain = queries.verify(c);
            CheckpointVerifier.Report java = CheckpointAudit.verify(c, new FileCheckpointSink(file), List.of(pinned));
            List<String> command = command(schema, file);
            String last = java.lastHolding() == null ? "no checkpoint holds" : "last holding checkpoint at " + java.lastHolding().seq() + " (";
            if (java.ok()) {
                assertThat(command.get(1)).as(name).startsWith("checkpoints hold: ").contains(last);
            } else {
                assertThat(command.get(1)).as(name + ": the command agrees").startsWith("CHECKPOINTS BROKEN: " + java.problemCount() + (java.problemCount() == 1 ? " problem; " : " problems; ") + last);
                List<String> commandKinds = command.subList(2, command.size()).stream()
                        .map(l -> l.strip().replaceFirst("^(\\w+) at (\\d+).*", "$1@$2")).toList();
                assertThat(commandKinds).as(name + ": the command lists the same problems")
                        .containsExactlyInAnyOrderElementsOf(new Outcome(head, k, chain, java, command).kinds());
            }
            s.execute("set search_path to public");
            s.execute("drop schema " + schema + " cascade");
            c.commit();
            return new Outcome(head, k, chain, java, command);
        }
    }

    /**
     * Swaps events k and k + 1 and recomputes every hash from k on and the head, as an owner covering
     * their tracks would; returns the new head hash. (The events keep their content: only their
     * order, and so every later hash, changes.)
     */
    private String rewriteFrom(Connection c, long k, long head) throws SQLException {
        List<AuditRecord> records = new ArrayList<>(queries.search(new AuditQueries.Search(null, null, null, null, null, null, null, null,
                head + 1), (int) (head - k + 1)));
        records.sort(Comparator.comparingLong(AuditRecord::seq));
        assertThat(records.get(0).seq()).isEqualTo(k);
        Collections.swap(records, 0, 1);
        try (Statement s = c.createStatement()) {
            s.execute("update audit_event set seq = seq + 1000000 where seq in (%1$d, %2$d)".formatted(k, k + 1));
            s.execute("update audit_event set seq = %2$d where seq = %1$d + 1000000".formatted(k, k + 1));
            s.execute("update audit_event set seq = %1$d where seq = %2$d + 1000000".formatted(k, k + 1));
        }
        String prev = records.get(1).prevHash(); // the original event k's link to k - 1
        try (PreparedStatement update = c.prepareStatement("update audit_event set prev_hash = ?, hash = ? where seq = ?")) {
            long seq = k;
            for (AuditRecord r : records) {
                String hash = AuditChain.hash(seq, prev, r.event());
                update.setString(1, prev);
                update.setString(2, hash);
                update.setLong(3, seq);
                update.executeUpdate();
                prev = hash;
                seq++;
            }
        }
        try (PreparedStatement move = c.prepareStatement("update audit_chain_head set hash = ?")) {
            move.setString(1, prev);
            move.executeUpdate();
        }
        return prev;
    }

    private static String hashAt(Connection c, long seq) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select hash from audit_event where seq = " + seq)) {
            r.next();
            return r.getString(1);
        }
    }

    private static void append(Path file, Checkpoint checkpoint) throws IOException {
        new FileCheckpointSink(file).publish(checkpoint);
    }

    /** scripts/audit-verify.sh --checkpoints on the copy, read with the runtime role; its output lines. */
    private List<String> command(String schema, Path checkpoints) throws IOException, InterruptedException {
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        String conninfo = "postgresql://" + appUser + "@" + db.getHost() + ":" + db.getPort() + db.getPath();
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/audit-verify.sh", "--schema", schema, "--checkpoints",
                checkpoints.toString(), "--public-key", CheckpointKeyResource.dir().resolve("gateway-public.pem").toString(), conninfo)
                .directory(Processes.root().toFile()).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", appPassword);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isIn(0, 1);
        return out.lines().toList();
    }
}
