package io.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@SuppressWarnings("unchecked")
class DatasetPayloadTest {

    private static final String STAFF = "{\"records\":[{\"id\":\"s-1\",\"email\":\"ann.lee@acmecorp.com\","
            + "\"bio\":\"Reach me at ann.lee@acmecorp.com\"}]}";

    @InjectUpstream
    WireMockServer upstream;

    @BeforeEach
    void stubDatasets() {
        upstream.resetAll();
        upstream.stubFor(get(urlPathEqualTo("/datasets/staff/records"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(STAFF)));
        upstream.stubFor(get(urlPathEqualTo("/datasets/handbook/records"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"records\":[{\"title\":\"On-call\",\"body\":\"Page bob.smith@acmecorp.com first\"}]}")));
        upstream.stubFor(get(urlPathEqualTo("/datasets/handbook/lines"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-ndjson")
                        .withBody("{\"t\":\"clean\"}\n{\"t\":\"card 4111 1111 1111 1111\"}\n")));
        upstream.stubFor(get(urlPathEqualTo("/datasets/handbook/notes.txt"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                        .withBody("Release notes.\nQuestions to carol.jones@acmecorp.com please.\n")));
        upstream.stubFor(get(urlPathEqualTo("/datasets/handbook/garbage"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"records\": [oops")));
        upstream.stubFor(get(urlPathEqualTo("/datasets/handbook/logo.png"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(new byte[] {1, 2, 3})));
    }

    private static String developer() {
        return "dev-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<Map<String, Object>> events(String subject) {
        return given().auth().oauth2(Tokens.auditor("audrey")).queryParam("actor", subject)
                .when().get("/api/audit/events").then().statusCode(200).extract().jsonPath().getList("events");
    }

    @Test
    void redactsAndAuditsAnUndeclaredEmailInATier1Dataset() {
        String alice = developer();
        String body = given().auth().oauth2(Tokens.developer(alice)).header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/handbook/records?limit=5&secret=s3cr3t")
                .then().statusCode(200).contentType("application/json").extract().asString();
        assertThat(body).isEqualTo("{\"records\":[{\"title\":\"On-call\",\"body\":\"Page <EMAIL_1> first\"}]}");

        List<Map<String, Object>> events = events(alice);
        Map<String, Object> decision = events.stream().filter(e -> "decision".equals(e.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> payload = events.stream().filter(e -> "outcome".equals(e.get("kind"))).findFirst().orElseThrow();
        assertThat(decision.get("details")).isEqualTo("path=/records query=limit,secret");
        assertThat(decision.get("details").toString()).doesNotContain("s3cr3t");
        assertThat((List<Object>) ((Map<?, ?>) decision.get("obligations")).get("redact")).contains("EMAIL", "PRIVATE_KEY");
        assertThat((List<Object>) ((Map<?, ?>) payload.get("obligations")).get("redact")).containsExactly("EMAIL");
        assertThat(payload.get("target_id")).isEqualTo(decision.get("event_id"));
        assertThat(payload.get("reasons")).isEqualTo(List.of("undeclared_tier2_in_dataset"));
        assertThat(payload.get("outcome")).isEqualTo("forwarded_altered");
        assertThat(payload.get("details").toString()).contains("undeclared_tier2=/records/*/body:EMAIL").doesNotContain("bob.smith");
        given().auth().oauth2(Tokens.auditor("audrey")).when().get("/api/audit/verify").then().body("ok",
                org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void masksADeclaredTier2FieldForACallerWithoutGrantAndSendsTheUpstreamKey() {
        String body = given().auth().oauth2(Tokens.developer(developer())).header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/staff/records")
                .then().statusCode(200).extract().asString();
        assertThat(body).isEqualTo("{\"records\":[{\"id\":\"s-1\",\"email\":\"[MASKED]\",\"bio\":\"Reach me at <EMAIL_1>\"}]}");
        upstream.verify(getRequestedFor(urlPathEqualTo("/datasets/staff/records"))
                .withHeader("Authorization", equalTo("Bearer staff-upstream-key")));
    }

    @Test
    void showsADeclaredTier2FieldToACallerWithAGrant() {
        String bob = developer();
        upstream.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathMatching("/hooks/.*"))
                .willReturn(aResponse().withStatus(200)));
        String token = Tokens.developer(bob);
        String id = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("resource", Map.of("kind", "dataset", "name", "staff"), "purpose", "debugging",
                        "justification", "Investigating ticket TG-1234 reported by support", "duration", "PT1H"))
                .when().post("/api/access-requests").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.approver("priya")).contentType("application/json").body(Map.of())
                .when().post("/api/access-requests/" + id + "/approve").then().statusCode(200);
        String body = given().auth().oauth2(token).header("X-Tiergate-Purpose", "debugging")
                .when().get("/datasets/staff/records").then().statusCode(200).extract().asString();
        assertThat(body).isEqualTo(STAFF);
    }

    @Test
    void walksJsonLinesAndText() {
        String token = Tokens.developer(developer());
        String lines = given().auth().oauth2(token).header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/handbook/lines").then().statusCode(200).extract().asString();
        assertThat(lines).isEqualTo("{\"t\":\"clean\"}\n{\"t\":\"card <PAYMENT_CARD_1>\"}\n");
        String text = given().auth().oauth2(token).header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/handbook/notes.txt").then().statusCode(200).extract().asString();
        assertThat(text).isEqualTo("Release notes.\nQuestions to <EMAIL_1> please.\n");
    }

    @Test
    void refusesUpstreamGarbageAndPayloadsItCannotScan() {
        String token = Tokens.developer(developer());
        for (String path : new String[] {"/datasets/handbook/garbage", "/datasets/handbook/logo.png"}) {
            given().auth().oauth2(token).header("X-Tiergate-Purpose", "onboarding")
                    .when().get(path).then().statusCode(502).contentType("application/problem+json")
                    .body("code", org.hamcrest.Matchers.startsWith("upstream_payload_"));
        }
    }

    @Test
    void refusesDotSegmentsAnUpstreamCouldResolve() {
        for (String path : new String[] {"/datasets/handbook/..;/tickets/records", "/datasets/handbook/%c0%ae%c0%ae/tickets",
            "/datasets/handbook/a/.;x/b", "/datasets/handbook/%ef%bc%8e%ef%bc%8e/tickets"}) {
            given().auth().oauth2(Tokens.developer("alice")).urlEncodingEnabled(false)
                    .header("X-Tiergate-Purpose", "onboarding")
                    .when().get(path).then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                    .body("code", org.hamcrest.Matchers.equalTo("invalid_path"));
        }
        upstream.verify(0, getRequestedFor(urlPathMatching("/.*")));
    }
}
