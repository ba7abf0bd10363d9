package io.tiergate.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.admin.RealKeycloak;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.testing.KeycloakTokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one-off re-key against the real Keycloak of the browser tests: usernames Keycloak knows get
 * their issuer#sub, and their holders' own tokens find their requests and grants again; what
 * belongs to an unknown username expires, with audit events; a failing sign-in changes nothing.
 */
@QuarkusTest
@TestProfile(RealKeycloak.class)
class SubjectRekeyTest {

    private static final Map<String, String> ENV = Map.of("TIERGATE_KEYCLOAK_PASSWORD", "admin");

    @ConfigProperty(name = "tiergate.test.keycloak-url")
    String keycloak;

    @Inject
    SubjectRekey rekey;

    @Inject
    AuditQueries audit;

    @InjectUpstream
    WireMockServer upstream;

    @BeforeEach
    void datasetService() {
        upstream.stubFor(WireMock.get(WireMock.urlPathMatching("/datasets/tickets/.*")).willReturn(WireMock.aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"records\":[]}")));
    }

    @Test
    void mapsKnownUsernamesToTheirSubAndExpiresWhatBelongsToUnknownOnes() {
        String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        UUID alicesRequest = legacyRequest("alice", RequestState.PENDING);
        UUID bobsRequest = legacyRequest("bob", RequestState.APPROVED);
        UUID bobsGrant = legacyGrant(bobsRequest, "bob");
        UUID ghostsRequest = legacyRequest(ghost, RequestState.PENDING);
        UUID ghostsGrant = legacyGrant(legacyRequest(ghost, RequestState.APPROVED), ghost);
        String alice = token("alice");
        String bob = token("bob");
        // Before the re-key, a username is nobody's: no grant counts, no request is anyone's.
        read(bob).statusCode(403);
        assertThat(mine(alice)).doesNotContain(alicesRequest.toString());

        StringWriter dry = new StringWriter();
        assertThat(run(dry, "--dry-run")).isZero();
        assertThat(dry.toString()).contains("would map alice -> " + KeycloakTokens.keyOf(alice)).contains("unknown (would expire) " + ghost);
        assertThat(request(alicesRequest).requesterId).isEqualTo("alice");

        StringWriter out = new StringWriter();
        assertThat(run(out)).isZero();
        assertThat(out.toString()).contains("mapped alice -> " + KeycloakTokens.keyOf(alice)).contains("mapped bob -> " + KeycloakTokens.keyOf(bob))
                .contains("unknown (expired) " + ghost);

        assertThat(request(alicesRequest).requesterId).isEqualTo(KeycloakTokens.keyOf(alice));
        assertThat(request(alicesRequest).requesterName).isEqualTo("alice");
        assertThat(mine(alice)).contains(alicesRequest.toString());
        read(bob).statusCode(200);

        AccessRequest expired = request(ghostsRequest);
        assertThat(expired.state).isEqualTo(RequestState.EXPIRED);
        assertThat(expired.requesterId).isEqualTo(ghost); // never attached to anyone
        assertThat(QuarkusTransaction.requiringNew().call(() -> AccessGrant.<AccessGrant>findById(ghostsGrant).activeAt(Instant.now())))
                .isFalse();
        List<AuditEvent> events = audit.search(new AuditQueries.Search("tiergate", null, "tickets", null, null, null, null, null, null),
                200).stream().map(r -> r.event()).toList();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("access.request.expired");
            assertThat(e.targetId()).isEqualTo(ghostsRequest.toString());
            assertThat(e.reasons()).containsExactly(SubjectRekey.NOT_MAPPED);
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("grant.expired");
            assertThat(e.targetId()).isEqualTo(ghostsGrant.toString());
            assertThat(e.reasons()).containsExactly(SubjectRekey.NOT_MAPPED);
        });
        assertThat(QuarkusTransaction.requiringNew().call(() -> AccessGrant.<AccessGrant>findById(bobsGrant).subjectId))
                .isEqualTo(KeycloakTokens.keyOf(bob));
    }

    @Test
    void changesNothingWhenTheIdentityProviderRefusesTheSignIn() {
        UUID request = legacyRequest("alice", RequestState.PENDING);
        StringWriter out = new StringWriter();
        int code = RekeySubjectsCommand.run(rekey, Map.of("TIERGATE_KEYCLOAK_PASSWORD", "wrong")::get, new PrintWriter(out),
                new PrintWriter(new StringWriter()), "--keycloak-url", keycloak);
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("nothing was changed");
        assertThat(request(request).requesterId).isEqualTo("alice");
        assertThat(request(request).state).isEqualTo(RequestState.PENDING);
    }

    @Test
    void refusesAnUnknownOption() {
        StringWriter err = new StringWriter();
        assertThat(RekeySubjectsCommand.run(rekey, ENV::get, new PrintWriter(new StringWriter()), new PrintWriter(err),
                "--keycloak-url", keycloak, "--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-option");
    }

    private int run(StringWriter out, String... more) {
        String[] args = new String[2 + more.length];
        args[0] = "--keycloak-url";
        args[1] = keycloak;
        System.arraycopy(more, 0, args, 2, more.length);
        return RekeySubjectsCommand.run(rekey, ENV::get, new PrintWriter(out), new PrintWriter(new StringWriter()), args);
    }

    /** A request as written before subjects were keyed: the username in requester_id. */
    private static UUID legacyRequest(String username, RequestState state) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            AccessRequest r = new AccessRequest();
            r.id = id;
            r.requesterId = username;
            r.requesterName = username;
            r.requesterType = "user";
            r.resourceKind = "dataset";
            r.resourceName = "tickets";
            r.purpose = "debugging";
            r.justification = "Written before the subject re-key";
            r.requestedSeconds = Duration.ofDays(1).toSeconds();
            r.approvalsRequired = 1;
            r.state = state;
            r.createdAt = Instant.now();
            r.pendingUntil = Instant.now().plus(Duration.ofDays(7));
            if (state != RequestState.PENDING) {
                r.decidedAt = Instant.now();
                r.decidedBy = "priya";
            }
            r.persist();
        });
        return id;
    }

    private static UUID legacyGrant(UUID requestId, String username) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            AccessGrant g = new AccessGrant();
            g.id = id;
            g.requestId = requestId;
            g.subjectId = username;
            g.subjectName = username;
            g.resourceKind = "dataset";
            g.resourceName = "tickets";
            g.purpose = "debugging";
            g.startsAt = Instant.now().minusSeconds(60);
            g.expiresAt = Instant.now().plus(Duration.ofDays(1));
            g.persist();
        });
        return id;
    }

    private static AccessRequest request(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> AccessRequest.<AccessRequest>findById(id));
    }

    private static List<String> mine(String token) {
        return given().auth().oauth2(token).when().get("/api/access-requests").then().statusCode(200).extract().path("requests.id");
    }

    private static io.restassured.response.ValidatableResponse read(String token) {
        return given().auth().oauth2(token).header("X-Tiergate-Purpose", "debugging").when().get("/datasets/tickets/records").then();
    }

    private String token(String user) {
        return KeycloakTokens.of(keycloak, user);
    }

}
