package io.tiergate.access;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tiergate.access.AccessApi.approve;
import static io.tiergate.access.AccessApi.createdId;
import static io.tiergate.access.AccessApi.newDeveloper;
import static io.tiergate.access.AccessApi.read;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog reclassifies the handbook from Tier 1 to Tier 2 (and the Tier 2 tickets to Tier 1):
 * decisions follow the catalog's tier at decision time, so nobody keeps silent access.
 */
@QuarkusTest
@TestProfile(ReclassificationTest.Reclassified.class)
class ReclassificationTest {

    public static class Reclassified implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tiergate.catalog.datasets.\"handbook\".tier", "2",
                    "tiergate.catalog.datasets.\"tickets\".tier", "1");
        }
    }

    @InjectUpstream
    WireMockServer upstream;

    @BeforeEach
    void stubDatasets() {
        upstream.resetAll();
        upstream.stubFor(any(urlPathMatching("/datasets/.*")).willReturn(aResponse().withStatus(200).withBody("{}")));
        upstream.stubFor(any(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void aDatasetReclassifiedToTier2NeedsAGrantFromTheNextRequestOn() {
        String token = Tokens.developer(newDeveloper());
        read(token, "handbook", "onboarding").statusCode(403).body("reasons", contains("tier2_requires_grant"));
        upstream.verify(0, getRequestedFor(urlPathMatching("/datasets/handbook/.*")));

        String id = createdId(token, "dataset", "handbook", "debugging", "PT1H");
        approve(Tokens.approver("priya"), id, Map.of()).statusCode(200);
        read(token, "handbook", "debugging").statusCode(200);
        read(token, "handbook", "onboarding").statusCode(403);
    }

    @Test
    void aDatasetReclassifiedToTier1TakesNoMoreRequestsOrApprovals() {
        String token = Tokens.developer(newDeveloper());
        AccessApi.create(token, "dataset", "tickets", "debugging", "PT1H").statusCode(403)
                .body("reasons", contains("grant_not_needed_for_tier1"));
        read(token, "tickets", "debugging").statusCode(200);
    }

    @Test
    void aRequestMadeWhileTier2IsNotApprovedOnceTheResourceIsTier1() {
        // As if made before the reclassification, when 'tickets' was Tier 2.
        AccessRequest r = new AccessRequest();
        r.id = UUID.randomUUID();
        String developer = newDeveloper();
        r.requesterId = Tokens.key(developer);
        r.requesterName = developer;
        r.requesterType = "user";
        r.resourceKind = "dataset";
        r.resourceName = "tickets";
        r.purpose = "debugging";
        r.justification = "made before the reclassification";
        r.requestedSeconds = 3600;
        r.approvalsRequired = 1;
        r.state = RequestState.PENDING;
        r.createdAt = Instant.now();
        r.pendingUntil = Instant.now().plus(Duration.ofDays(1));
        QuarkusTransaction.requiringNew().run(r::persist);

        approve(Tokens.approver("pat"), r.id.toString(), Map.of()).statusCode(403)
                .body("reasons", contains("grant_not_needed_for_tier1"));
        AccessApi.deny(Tokens.approver("pat"), r.id.toString(), "no longer needed: Tier 1").statusCode(200)
                .body("state", equalTo("denied"));
    }
}
