package io.tiergate.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tiergate.testing.Management;
import io.tiergate.testing.OpaServerResource;
import io.tiergate.testing.Processes;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a database to write the audit record to, nothing is allowed through (fail closed). */
@QuarkusTest
@TestProfile(AuditUnavailableTest.DatabaseGone.class)
class AuditUnavailableTest {

    public static class DatabaseGone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + Processes.freePort() + "/tiergate",
                    "quarkus.flyway.migrate-at-start", "false",
                    "tiergate.audit.write-timeout", "1s");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class),
                    new TestResourceEntry(UpstreamStubResource.class),
                    new TestResourceEntry(OpaServerResource.class));
        }
    }

    @InjectUpstream
    WireMockServer upstream;

    @Test
    void refusesAllowedCallsWhenTheAuditRecordCannotBeWritten() {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json")
                .body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("audit_unavailable"));
        given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/handbook/records")
                .then().statusCode(503)
                .body("code", equalTo("audit_unavailable"));
        upstream.verify(0, postRequestedFor(urlPathMatching("/.*")));
        upstream.verify(0, getRequestedFor(urlPathMatching("/.*")));
    }

    @Test
    void refusesTier2CallsWhenTheGrantsCannotBeRead() {
        given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Tiergate-Purpose", "debugging")
                .when().get("/datasets/tickets/records")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("grant_store_unavailable"));
        upstream.verify(0, getRequestedFor(urlPathMatching("/.*")));
    }

    @Test
    void isNotReadyWithoutTheAuditDatabase() {
        Management.request().when().get("/q/health/ready").then().statusCode(503);
    }
}
