package io.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DatasetProxyTest {

    @InjectUpstream
    WireMockServer upstream;

    @BeforeEach
    void stubDatasets() {
        upstream.resetAll();
        upstream.stubFor(get(urlPathMatching("/datasets/(handbook|tickets)/.*"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"records\":[{\"id\":1,\"title\":\"Release process\"}]}")));
    }

    @Test
    void readsTier1DatasetWithAStatedPurpose() {
        given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/handbook/records?limit=5&after=2")
                .then().statusCode(200)
                .contentType("application/json")
                .body("records[0].title", equalTo("Release process"));
        upstream.verify(getRequestedFor(urlEqualTo("/datasets/handbook/records?limit=5&after=2")));
    }

    @Test
    void deniesReadWithoutAPurpose() {
        given().auth().oauth2(Tokens.developer("alice"))
                .when().get("/datasets/handbook/records")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("reasons", contains("purpose_required"));
        upstream.verify(0, getRequestedFor(urlPathMatching("/datasets/.*")));
    }

    @Test
    void deniesTier2ReadWithoutGrantAndSaysHowToRequestAccess() {
        given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Tiergate-Purpose", "debugging")
                .when().get("/datasets/tickets/records")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("access_denied"))
                .body("reasons", contains("tier2_requires_grant"))
                .body("request_access.method", equalTo("POST"))
                .body("request_access.href", equalTo("/api/access-requests"))
                .body("request_access.resource.kind", equalTo("dataset"))
                .body("request_access.resource.name", equalTo("tickets"))
                .body("request_access.purpose", equalTo("debugging"));
        upstream.verify(0, getRequestedFor(urlPathMatching("/datasets/.*")));
    }

    @Test
    void deniesRolesWithoutDatasetAccess() {
        given().auth().oauth2(Tokens.approver("priya"))
                .header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/handbook/records")
                .then().statusCode(403)
                .body("reasons", contains("role_not_permitted"));
    }

    @Test
    void refusesCallerWithoutToken() {
        given().header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/handbook/records")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void unknownDatasetIsNotFound() {
        given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/nope/records")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("unknown_dataset"));
    }

    @Test
    void refusesEncodedDotSegmentsInAnyCaseBeforeTheServerResolvesThem() {
        for (String path : new String[] {"/datasets/handbook/%2e%2e/tickets/records", "/datasets/handbook/%2E%2e/tickets/records",
            "/datasets/handbook/%2e./tickets/records", "/datasets/handbook/.%2E/tickets/records", "/datasets/handbook/%2e/records",
            "/datasets/%2e%2e/llm/internal/v1/models", "/datasets/handbook/../tickets/records",
            "/llm/internal/%2e%2e/%2e%2e/datasets/tickets/records", "/llm/internal/v1/%2E/models",
            "/api/%2e%2e/datasets/tickets/records"}) {
            given().auth().oauth2(Tokens.developer("alice"))
                    .urlEncodingEnabled(false)
                    .header("X-Tiergate-Purpose", "onboarding")
                    .when().get(path)
                    .then().log().ifValidationFails().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_path"))
                    .body("request_id", org.hamcrest.Matchers.notNullValue());
        }
        upstream.verify(0, getRequestedFor(urlPathMatching("/.*")));
    }

    @Test
    void readsAPathWhoseEncodedCharactersAreHarmless() {
        // %2d is '-', %7e '~' and %20 a space: nothing an upstream could resolve to another place.
        given().auth().oauth2(Tokens.developer("alice"))
                .urlEncodingEnabled(false)
                .header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/handbook/release%2dnotes/v1.2/a%20b")
                .then().statusCode(200)
                .body("records[0].title", equalTo("Release process"));
        upstream.verify(1, getRequestedFor(urlPathMatching("/datasets/handbook/release-notes/v1\\.2/a%20b")));
    }

    @Test
    void refusesPathsWithEncodedSlashesOrDots() {
        for (String path : new String[] {"/datasets/handbook/a%2Fb", "/datasets/handbook/a/%252e%252e/b",
            "/datasets/handbook/a%5C..%5Cb"}) {
            given().auth().oauth2(Tokens.developer("alice"))
                    .urlEncodingEnabled(false)
                    .header("X-Tiergate-Purpose", "onboarding")
                    .when().get(path)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_path"));
        }
        upstream.verify(0, getRequestedFor(urlPathMatching("/.*")));
    }

    @Test
    void unreachableDatasetServiceIsBadGateway() {
        given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/unreachable/records")
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("code", equalTo("upstream_unavailable"));
    }
}
