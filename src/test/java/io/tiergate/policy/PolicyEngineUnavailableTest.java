package io.tiergate.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.audit.AuditQueries;
import io.tiergate.testing.Processes;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With the OPA server gone, every request is denied (503, retryable), recorded, and nothing is forwarded. */
@QuarkusTest
@TestProfile(PolicyEngineUnavailableTest.OpaServerGone.class)
class PolicyEngineUnavailableTest {

    public static class OpaServerGone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tiergate.policy.engine", "remote",
                    "tiergate.policy.remote.url", "http://127.0.0.1:" + Processes.freePort(),
                    "tiergate.policy.remote.timeout", "300ms");
        }
    }

    @InjectUpstream
    WireMockServer upstream;

    @Inject
    AuditQueries audit;

    @Test
    void deniesAndRecordsWhenThePolicyEngineIsUnreachable() {
        String requestId = "opa-down-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Request-Id", requestId)
                .contentType("application/json")
                .body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("policy_unavailable"))
                .body("reasons", contains(ReasonCodes.POLICY_ENGINE_UNAVAILABLE));

        upstream.verify(0, postRequestedFor(urlPathMatching("/vendor/.*")));
        assertThat(audit.recent(AuditQueries.Filter.byClientRequestId(requestId), 5))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.allowed()).isFalse();
                    assertThat(e.reasons()).containsExactly(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
                    assertThat(e.policyEngine()).isEqualTo("remote");
                });
    }

    @Test
    void isNotReadyWithoutAPolicyEngine() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'policy-engine' }.status", equalTo("DOWN"));
    }
}
