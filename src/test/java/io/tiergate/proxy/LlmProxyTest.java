package io.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LlmProxyTest {

    static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7x0e3Yq1bD8M\\n-----END RSA PRIVATE KEY-----";
    static final String COMPLETION = """
            {"id":"chatcmpl-9","object":"chat.completion","model":"gpt-test",
             "choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}]}""";

    @InjectUpstream
    WireMockServer upstream;

    @Inject
    AuditQueries audit;

    @BeforeEach
    void stubVendor() {
        upstream.resetAll();
        upstream.stubFor(post(urlEqualTo("/vendor/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(COMPLETION)));
    }

    static String chat(String text) {
        return "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    @Test
    void forwardsTier1PromptToExternalRouteWithTheRouteCredentialOnly() {
        String requestId = "req-" + UUID.randomUUID();
        String ownId = given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Request-Id", requestId)
                .contentType("application/json")
                .body(chat("Summarise our release process"))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(200)
                .contentType("application/json")
                .body("choices[0].message.content", equalTo("hello"))
                .extract().header("X-Request-Id");

        List<AuditEvent> events = audit.recent(AuditQueries.Filter.byClientRequestId(requestId), 10).stream()
                .filter(e -> e.action().equals("llm.invoke")).toList();
        // the upstream sees the gateway's own id for the call (its decision id), never the caller's
        upstream.verify(postRequestedFor(urlEqualTo("/vendor/v1/chat/completions"))
                .withHeader("Authorization", WireMock.equalTo("Bearer vendor-upstream-key"))
                .withHeader("X-Request-Id", WireMock.equalTo(events.get(0).eventId().toString()))
                .withRequestBody(equalToJson(chat("Summarise our release process"))));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.allowed()).isTrue();
            assertThat(e.requestId()).isEqualTo(ownId).isNotEqualTo(requestId);
            assertThat(e.clientRequestId()).isEqualTo(requestId);
            assertThat(e.subjectId()).isEqualTo(Tokens.key("alice"));
            assertThat(e.action()).isEqualTo("llm.invoke");
            assertThat(e.resourceName()).isEqualTo("vendor");
            assertThat(e.contentTier()).isEqualTo(1);
            assertThat(e.reasons()).containsExactly("tier1_access");
            assertThat(e.policyEngine()).isEqualTo("embedded");
        });
    }

    @Test
    void identicalCallsEachGetTheirOwnDecisionIdAndAuditEvent() {
        // the same caller, route, purpose and prompt: one policy input, which the embedded engine may
        // answer from its memo; each call must still be decided, recorded and identified on its own
        List<UUID> decisionIds = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String requestId = "same-" + UUID.randomUUID();
            given().auth().oauth2(Tokens.developer("alice"))
                    .header("X-Request-Id", requestId)
                    .contentType("application/json")
                    .body(chat("Summarise the on-call handbook"))
                    .when().post("/llm/vendor/v1/chat/completions")
                    .then().statusCode(200);
            List<AuditEvent> events = audit.recent(AuditQueries.Filter.byClientRequestId(requestId), 10).stream()
                    .filter(e -> e.action().equals("llm.invoke")).toList();
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.allowed()).isTrue();
                assertThat(e.reasons()).containsExactly("tier1_access");
                // time-ordered ids (UUIDv7): the audit log's indexes grow at their right edge
                assertThat(e.eventId().version()).isEqualTo(7);
            });
            decisionIds.add(events.get(0).eventId());
        }
        assertThat(decisionIds).doesNotHaveDuplicates();
        upstream.verify(3, postRequestedFor(urlEqualTo("/vendor/v1/chat/completions")));
    }

    @Test
    void deniesPrivateKeyOnExternalRouteWithoutForwarding() {
        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Request-Id", requestId)
                .contentType("application/json")
                .body(chat("why does this fail? " + KEY))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("access_denied"))
                .body("type", equalTo("urn:tiergate:problem:access-denied"))
                .body("status", equalTo(403))
                .body("reasons", hasItem("credentials_never_forwarded"))
                .body("findings.type", contains("PRIVATE_KEY"))
                .body("decision_id", notNullValue())
                .body("request_id", not(equalTo(requestId)))
                .body(not(containsString("MIIEowIBAAKCAQEA")));

        upstream.verify(0, postRequestedFor(urlEqualTo("/vendor/v1/chat/completions")));
        List<AuditEvent> events = audit.recent(AuditQueries.Filter.byClientRequestId(requestId), 10);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.allowed()).isFalse();
            assertThat(e.contentTier()).isEqualTo(2);
            assertThat(e.findings()).extracting(f -> f.type() + "=" + f.count()).containsExactly("PRIVATE_KEY=1");
            assertThat(e.toString()).doesNotContain("MIIEowIBAAKCAQEA");
        });
    }

    @Test
    void redactsPersonalDataBoundForExternalRouteWithConsistentPlaceholders() {
        String requestId = "req-" + UUID.randomUUID();
        String body = "{\"model\":\"gpt-test\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"The customer is jane.doe@example.com\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Why did Jane.Doe@example.com pay twice with 4111 1111 1111 1111? Ask ops@tiergate.dev\"}]}]}";
        given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Request-Id", requestId)
                .contentType("application/json")
                .body(body)
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(200)
                .header("X-Tiergate-Redacted", "EMAIL,PAYMENT_CARD")
                .body("choices[0].message.content", equalTo("hello"));

        upstream.verify(postRequestedFor(urlEqualTo("/vendor/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"gpt-test\",\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"The customer is <EMAIL_1>\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Why did <EMAIL_1> pay twice with <PAYMENT_CARD_1>? Ask ops@tiergate.dev\"}]}]}")));
        // the request's decision, and the answer's (llm.respond) linked to it
        List<AuditEvent> events = audit.recent(AuditQueries.Filter.byClientRequestId(requestId), 10).stream()
                .filter(e -> e.action().equals("llm.invoke")).toList();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.allowed()).isTrue();
            assertThat(e.reasons()).containsExactly("tier2_personal_data_redacted");
            assertThat(e.findings()).extracting(f -> f.type() + "/" + f.tier() + "=" + f.count())
                    .containsExactly("EMAIL/1=1", "EMAIL/2=2", "PAYMENT_CARD/2=1");
            assertThat(e.toString()).doesNotContain("jane.doe").doesNotContain("4111");
        });
    }

    @Test
    void forwardsAllowListedAddressesUntouched() {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json")
                .body(chat("Ask ops@tiergate.dev about the release"))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(200)
                .header("X-Tiergate-Redacted", (String) null);
        upstream.verify(postRequestedFor(urlEqualTo("/vendor/v1/chat/completions"))
                .withRequestBody(equalToJson(chat("Ask ops@tiergate.dev about the release"))));
    }

    @Test
    void deniesCustomerCodeOnExternalRouteWithoutForwarding() {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json")
                .body(chat("Fix this: package com.acme.billing;\\npublic class Invoice {\\n  int total;\\n}\\nfrom jane.doe@example.com"))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(403)
                .body("reasons", contains("tier2_content_to_tier1_route"))
                .body("findings.type", contains("EMAIL", "SOURCE_CODE"))
                .body(not(containsString("jane.doe")))
                .body(not(containsString("Invoice")));
        upstream.verify(0, postRequestedFor(urlEqualTo("/vendor/v1/chat/completions")));
    }

    @Test
    void deniesTier2PromptToTier2RouteWithoutGrantAndSaysHowToRequestAccess() {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json")
                .body(chat("Customer jane.doe@example.com cannot log in"))
                .when().post("/llm/internal/v1/chat/completions")
                .then().statusCode(403)
                .body("reasons", contains("tier2_requires_grant"))
                .body("request_access.href", equalTo("/api/access-requests"))
                .body("request_access.resource.kind", equalTo("llm_route"))
                .body("request_access.resource.name", equalTo("internal"));
    }

    @Test
    void servicesMayCallRoutes() {
        given().auth().oauth2(Tokens.service("service-account-rag"))
                .contentType("application/json")
                .body(chat("hello"))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(200);
    }

    @Test
    void refusesCallerWithoutToken() {
        given().contentType("application/json").body(chat("hello"))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("code", equalTo("unauthenticated"));
        upstream.verify(0, postRequestedFor(urlEqualTo("/vendor/v1/chat/completions")));
    }

    @Test
    void refusesTokenForAnotherAudience() {
        given().auth().oauth2(Tokens.forOtherAudience("alice"))
                .contentType("application/json").body(chat("hello"))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(401)
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void deniesRoleWithoutLlmAccess() {
        given().auth().oauth2(Tokens.auditor("audrey"))
                .contentType("application/json").body(chat("hello"))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(403)
                .body("reasons", contains("role_not_permitted"));
        upstream.verify(0, postRequestedFor(urlEqualTo("/vendor/v1/chat/completions")));
    }

    @Test
    void unknownRouteIsNotFound() {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body(chat("hello"))
                .when().post("/llm/nope/v1/chat/completions")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("unknown_route"));
    }

    @Test
    void badBodiesAreClearErrors() {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body("{not json")
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_json"));
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body("{\"model\":\"m\",\"messages\":[]}")
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("text/plain").body("hello")
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(415).contentType("application/problem+json").body("code", equalTo("unsupported_media_type"));
        given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Tiergate-Purpose", "Not A Token!")
                .contentType("application/json").body(chat("hello"))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(400).body("code", equalTo("invalid_purpose"));
        upstream.verify(0, postRequestedFor(urlEqualTo("/vendor/v1/chat/completions")));
    }

    @Test
    void upstreamErrorsPassThroughUnchanged() {
        upstream.stubFor(post(urlEqualTo("/vendor/v1/chat/completions"))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "7").withBody("{\"error\":{\"message\":\"slow down\"}}")));
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body(chat("hello"))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(429)
                .header("Retry-After", "7")
                .body("error.message", equalTo("slow down"));
    }

    @Test
    void unreachableUpstreamIsBadGateway() {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body(chat("hello"))
                .when().post("/llm/unreachable/v1/chat/completions")
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("code", equalTo("upstream_unavailable"))
                .body(not(containsString("Exception")));
    }

    @Test
    void slowUpstreamIsGatewayTimeout() {
        upstream.stubFor(post(urlEqualTo("/vendor/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(6000).withBody(COMPLETION)));
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body(chat("hello"))
                .when().post("/llm/vendor/v1/chat/completions")
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("code", equalTo("upstream_timeout"));
    }

    @Test
    void neverForwardsTheCallersToken() {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body(chat("hello"))
                .when().post("/llm/internal/v1/chat/completions");
        upstream.verify(postRequestedFor(urlEqualTo("/internal/v1/chat/completions"))
                .withHeader("Authorization", absent()));
    }
}
