package io.tiergate.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.testing.Management;
import io.tiergate.testing.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway configured for the OPA sidecar (engine=remote) decides through a real OPA server. */
@QuarkusTest
@TestProfile(RemoteEngineProxyTest.RemoteEngine.class)
class RemoteEngineProxyTest {

    public static class RemoteEngine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A generous timeout: the first call after boot warms the REST client up on a shared, loaded machine
            // (the 250 ms default and its fail-closed timeout are tested in PolicyEngineUnavailableTest).
            return Map.of("tiergate.policy.engine", "remote", "tiergate.policy.remote.url", "${tiergate.test.opa-url}",
                    "tiergate.policy.remote.timeout", "5s");
        }
    }

    @Test
    void deniesPrivateKeyThroughTheOpaServer() {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json")
                .body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\"}]}")
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(403)
                .body("reasons", hasItem("credentials_never_forwarded"));
    }

    @Test
    void isReadyWithTheOpaServer() {
        Management.request().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'policy-engine' }.data.engine", equalTo("remote"));
    }

    @Test
    void audienceOfTheAuditLogIsDecidedByTheOpaServer() {
        given().auth().oauth2(Tokens.developer("alice"))
                .when().get("/api/audit/events")
                .then().statusCode(403)
                .body("reasons", contains("role_not_permitted"));
        given().auth().oauth2(Tokens.auditor("audrey"))
                .when().get("/api/audit/events")
                .then().statusCode(200);
    }
}
