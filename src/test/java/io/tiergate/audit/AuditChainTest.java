package io.tiergate.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.policy.Decision;
import io.tiergate.testing.ChainCopy;
import io.tiergate.testing.Processes;
import io.tiergate.testing.Tokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit log is append-only and tamper-evident: the runtime role may not change it, the trigger
 * refuses everyone, and both verifiers (the auditors' API, in Java, and scripts/audit-verify.sh,
 * in SQL) find the first broken link for an edit, a deletion, an insertion and a reordering. The
 * tampering runs as the owning role, with the trigger disabled, on a copy of the chain (so that
 * the shared log stays intact) and once, restored afterwards, on the live log.
 */
@QuarkusTest
class AuditChainTest {

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
    AuditQueries queries;

    @BeforeEach
    void someEvents() {
        for (int i = 0; i < 6; i++) {
            given().auth().oauth2(Tokens.developer("chain-writer")).header("X-Tiergate-Purpose", "onboarding")
                    .when().get("/datasets/nope/records").then().statusCode(404);
            given().auth().oauth2(Tokens.developer("chain-writer"))
                    .when().get("/api/audit/events").then().statusCode(403);
        }
    }

    @Test
    void theRuntimeRoleMayNotUpdateOrDeleteEventsNorMoveTheHead() throws SQLException {
        try (Connection app = DriverManager.getConnection(jdbcUrl, appUser, appPassword); Statement s = app.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("update audit_event set subject_id = 'mallory' where seq = 1"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("delete from audit_event where seq = 1")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("truncate audit_event")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("update audit_chain_head set seq = 0")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("alter table audit_event disable trigger audit_event_append_only"))
                    .hasMessageContaining("must be owner");
        }
    }

    @Test
    void theTriggerRefusesChangesEvenToTheOwner() throws SQLException {
        try (Connection c = owner(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("update audit_event set subject_id = 'mallory' where seq = 1"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("delete from audit_event where seq = 1")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("truncate audit_event")).hasMessageContaining("append-only");
        }
    }

    @Test
    void anEventThatDoesNotExtendTheChainIsRefused() throws SQLException {
        try (Connection app = DriverManager.getConnection(jdbcUrl, appUser, appPassword);
                PreparedStatement insert = app.prepareStatement("""
                        insert into audit_event (seq, event_id, occurred_at, kind, subject_id, subject_type, action, resource_kind,
                            resource_name, allowed, outcome, prev_hash, hash)
                        values ((select seq + 1 from audit_chain_head), ?, now(), 'decision', 'mallory', 'user', 'dataset.read',
                            'dataset', 'tickets', true, 'allow', ?, ?)""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, "a".repeat(64));
            insert.setString(3, "b".repeat(64));
            assertThatThrownBy(insert::executeUpdate).hasMessageContaining("does not extend the chain");
        }
    }

    @Test
    void auditorsVerifyTheChainThroughTheApiAndDevelopersMayNot() {
        given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/audit/verify").then().statusCode(200)
                .body("ok", equalTo(true));
        given().auth().oauth2(Tokens.developer("alice")).when().get("/api/audit/verify").then().statusCode(403)
                .body("reasons", org.hamcrest.Matchers.contains("role_not_permitted"));
    }

    @Test
    void anEditOfTheLiveLogIsReportedByTheApiAndTheCommandUntilRestored() throws Exception {
        long seq = head() - 3;
        String original = subjectAt(seq);
        tamperLive("update audit_event set subject_id = 'mallory' where seq = " + seq);
        try {
            given().auth().oauth2(Tokens.approver("priya")).when().get("/api/audit/verify").then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("broken_at", equalTo((int) seq))
                    .body("problem", containsString("edited"));
            assertThat(command("public")).startsWith("BROKEN at " + seq + ": ").contains("edited");
        } finally {
            tamperLive("update audit_event set subject_id = '" + original.replace("'", "''") + "' where seq = " + seq);
        }
        given().auth().oauth2(Tokens.approver("priya")).when().get("/api/audit/verify").then().body("ok", equalTo(true));
        assertThat(command("public")).startsWith("intact: ");
    }

    @Test
    void everyKindOfTamperingIsFoundAtItsFirstBrokenLinkByBothVerifiers() throws Exception {
        assertThat(onCopy("intact", null)).isEqualTo(new Found(null, null));

        long k = head() - 3;
        Found edit = onCopy("edit", "update audit_event set details = 'nothing to see' where seq = " + k);
        assertThat(edit.position()).isEqualTo(k);
        assertThat(edit.problem()).contains("edited");

        Found deletion = onCopy("deletion", "delete from audit_event where seq = " + k);
        assertThat(deletion.position()).isEqualTo(k + 1);
        assertThat(deletion.problem()).contains("position " + k + " is missing");

        Found insertion = onCopy("insertion", null, k);
        assertThat(insertion.position()).isEqualTo(k + 1);
        assertThat(insertion.problem()).contains("prev_hash does not match");

        Found reordering = onCopy("reordering", """
                update audit_event set seq = seq + 1000000 where seq in (%1$d, %2$d);
                update audit_event set seq = %2$d where seq = %1$d + 1000000;
                update audit_event set seq = %1$d where seq = %2$d + 1000000;""".formatted(k, k + 1));
        assertThat(reordering.position()).isEqualTo(k);
        assertThat(reordering.problem()).contains("prev_hash does not match");

        Found truncation = onCopy("truncation", "delete from audit_event where seq > " + k);
        assertThat(truncation.position()).isEqualTo(k + 1);
        assertThat(truncation.problem()).contains("the head says");
    }

    @Test
    void aChainOfV1AndV2EventsVerifiesAndAnEditOfAV2FieldIsFoundByBothVerifiers() throws Exception {
        long h = head();
        // as a release before V7 wrote them (v1, before and after subject names), then as this one does (v2)
        Setup mixed = c -> {
            append(c, AuditChain.VERSION_1, event("v1-no-name").build());
            append(c, AuditChain.VERSION_1, event("v1-named").subjectName("alice").build());
            append(c, AuditChain.VERSION, event("v2-decision").subjectName("alice").clientRequestId("caller-7")
                    .obligations(new Decision.Obligations(List.of("EMAIL"), List.of("/records/*/email"), Decision.Capture.NONE)).build());
            append(c, AuditChain.VERSION, event("v2-plain").build());
        };
        assertThat(onCopy("mixed", mixed, null, -1)).isEqualTo(new Found(null, null));

        long v1 = h + 1;
        long v2 = h + 3;
        Found clientId = onCopy("client_id", mixed, "update audit_event set client_request_id = 'caller-8' where seq = " + v2, -1);
        assertThat(clientId).isEqualTo(new Found(v2, "the event's content does not match its hash: it was edited"));

        Found obligations = onCopy("obligations", mixed,
                "update audit_event set obligations = '{\"mask_fields\":[],\"redact\":[]}' where seq = " + v2, -1);
        assertThat(obligations.position()).isEqualTo(v2);
        assertThat(obligations.problem()).contains("edited");

        Found dropped = onCopy("dropped", mixed, "update audit_event set obligations = null where seq = " + v2, -1);
        assertThat(dropped.position()).isEqualTo(v2);

        Found downgraded = onCopy("downgraded", mixed, "update audit_event set hash_form = 'tiergate-audit-v1', "
                + "client_request_id = null, obligations = null where seq = " + v2, -1);
        assertThat(downgraded.position()).as("a v2 event passed off as v1 without its new fields").isEqualTo(v2);

        // the database refuses a v1 row with a v2 field; an owner drops that check first
        Found smuggled = onCopy("smuggled", mixed, "alter table audit_event drop constraint audit_event_v1_has_no_v2_fields; "
                + "update audit_event set client_request_id = 'caller-9' where seq = " + v1, -1);
        assertThat(smuggled.position()).isEqualTo(v1);
        assertThat(smuggled.problem()).contains("tiergate-audit-v1 event carries a client request id or obligations");
    }

    private static AuditEvent.Builder event(String details) {
        return AuditEvent.builder(AuditEvent.Kind.DECISION, "dataset.read").at(Instant.now())
                .request(UUID.randomUUID().toString(), null).subject(Tokens.key("alice"), "user")
                .resource("dataset", "tickets", 2).content(1, List.of()).purpose("debugging").allowed(true)
                .reasons(List.of("tier2_grant_active")).details(details).policy("embedded", "mixed");
    }

    /** Appends {@code e} to the copy's chain, hashed in {@code form}, and moves the copy's head (no triggers there). */
    private static void append(Connection c, String form, AuditEvent e) throws SQLException {
        long seq;
        String prevHash;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select seq, hash from audit_chain_head")) {
            r.next();
            seq = r.getLong(1) + 1;
            prevHash = r.getString(2);
        }
        String hash = AuditChain.hash(form, seq, prevHash, e);
        try (PreparedStatement insert = c.prepareStatement("""
                insert into audit_event (seq, event_id, occurred_at, kind, request_id, client_request_id, subject_id, subject_type,
                    subject_name, action, resource_kind, resource_name, resource_tier, content_tier, purpose, allowed, outcome,
                    reasons, details, policy_engine, policy_revision, obligations, hash_form, prev_hash, hash)
                values (?, ?, ?, 'decision', ?, ?, ?, 'user', ?, 'dataset.read', 'dataset', 'tickets', 2, 1, 'debugging', true,
                    'allow', '{tier2_grant_active}', ?, 'embedded', 'mixed', ?, ?, ?, ?)""");
                PreparedStatement move = c.prepareStatement("update audit_chain_head set seq = ?, hash = ?")) {
            int i = 0;
            insert.setLong(++i, seq);
            insert.setObject(++i, e.eventId());
            insert.setTimestamp(++i, Timestamp.from(e.occurredAt()));
            insert.setString(++i, e.requestId());
            insert.setString(++i, e.clientRequestId());
            insert.setString(++i, e.subjectId());
            insert.setString(++i, e.subjectName());
            insert.setString(++i, e.details());
            insert.setString(++i, e.obligations());
            insert.setString(++i, form);
            insert.setString(++i, prevHash);
            insert.setString(++i, hash);
            insert.executeUpdate();
            move.setLong(1, seq);
            move.setString(2, hash);
            move.executeUpdate();
        }
    }

    /** What a verifier found: the position of the first broken link and why (both null when intact). */
    record Found(Long position, String problem) {
    }

    private Found onCopy(String name, String tampering) throws Exception {
        return onCopy(name, tampering, -1);
    }

    private Found onCopy(String name, String tampering, long insertAt) throws Exception {
        return onCopy(name, c -> { }, tampering, insertAt);
    }

    /** A step run on the copy (as the owner, in its transaction) before the tampering. */
    interface Setup {
        void on(Connection copy) throws SQLException;
    }

    /**
     * Copies the chain into a scratch schema (no triggers there), tampers with it, runs the Java
     * verifier and the command on the copy, checks that they agree, and drops the copy.
     */
    private Found onCopy(String name, Setup setup, String tampering, long insertAt) throws Exception {
        String schema = "tamper_" + name + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = owner(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            ChainCopy.create(c, schema, appUser);
            setup.on(c);
            if (tampering != null) {
                s.execute(tampering);
            }
            if (insertAt > 0) {
                insertForged(c, insertAt);
            }
            c.commit();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);

            ChainVerifier.Report report = queries.verify(c);
            String command = command(schema);
            Found java = report.ok() ? new Found(null, null) : new Found(report.brokenAt(), report.problem());
            if (report.ok()) {
                assertThat(command).as(name).startsWith("intact: ");
            } else {
                assertThat(command).as(name + ": the command agrees with the API's verifier")
                        .startsWith("BROKEN at " + report.brokenAt() + ": ");
            }
            s.execute("set search_path to public");
            s.execute("drop schema " + schema + " cascade");
            c.commit();
            return java;
        }
    }

    /** A forged event at position {@code k}, correctly hashed onto event k-1; the events from k on move up one. */
    private static void insertForged(Connection c, long k) throws SQLException {
        String prevHash;
        try (Statement s = c.createStatement()) {
            s.execute("update audit_event set seq = seq + 1000000 where seq >= " + k);
            s.execute("update audit_event set seq = seq - 999999 where seq > 1000000");
            try (ResultSet r = s.executeQuery("select hash from audit_event where seq = " + (k - 1))) {
                r.next();
                prevHash = r.getString(1);
            }
        }
        AuditEvent forged = AuditEvent.builder(AuditEvent.Kind.DECISION, "dataset.read").at(Instant.now())
                .request("forged", null).subject("mallory", "user").resource("dataset", "tickets", 2).content(1, List.of())
                .purpose("debugging").allowed(true).reasons(List.of("tier2_grant_active")).details("")
                .policy("embedded", "forged").build();
        try (PreparedStatement insert = c.prepareStatement("""
                insert into audit_event (seq, event_id, occurred_at, kind, request_id, subject_id, subject_type, action,
                    resource_kind, resource_name, resource_tier, content_tier, purpose, allowed, outcome, reasons,
                    policy_engine, policy_revision, hash_form, prev_hash, hash)
                values (?, ?, ?, 'decision', 'forged', 'mallory', 'user', 'dataset.read', 'dataset', 'tickets', 2, 1,
                    'debugging', true, 'allow', '{tier2_grant_active}', 'embedded', 'forged', 'tiergate-audit-v2', ?, ?)""")) {
            insert.setLong(1, k);
            insert.setObject(2, forged.eventId());
            insert.setTimestamp(3, Timestamp.from(forged.occurredAt()));
            insert.setString(4, prevHash);
            insert.setString(5, AuditChain.hash(k, prevHash, forged));
            insert.executeUpdate();
        }
    }

    /** Runs SQL on the live log as the owner with the append-only trigger disabled, in one transaction. */
    private void tamperLive(String sql) throws SQLException {
        try (Connection c = owner(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("alter table audit_event disable trigger audit_event_append_only");
            s.execute(sql);
            s.execute("alter table audit_event enable trigger audit_event_append_only");
            c.commit();
        }
    }

    private long head() throws SQLException {
        try (Connection c = owner(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select seq from audit_chain_head")) {
            r.next();
            return r.getLong(1);
        }
    }

    private String subjectAt(long seq) throws SQLException {
        try (Connection c = owner(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select subject_id from audit_event where seq = " + seq)) {
            r.next();
            return r.getString(1);
        }
    }

    private Connection owner() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, owner, ownerPassword);
    }

    /** scripts/audit-verify.sh on the test database (read with the runtime role); its first output line. */
    private String command(String schema) throws IOException, InterruptedException {
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        String conninfo = "postgresql://" + appUser + "@" + db.getHost() + ":" + db.getPort() + db.getPath();
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/audit-verify.sh", "--schema", schema, conninfo)
                .directory(Processes.root().toFile()).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", appPassword);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isIn(0, 1);
        return out;
    }
}
