package io.tiergate.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.audit.AuditQueries;
import io.tiergate.testing.Tokens;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Test;

/** Every failure is problem+json with a stable code, and every exchange carries a request id. */
@QuarkusTest
class HttpErrorsTest {

    @Inject
    AuditQueries audit;

    @TestHTTPResource("/")
    URI base;

    @Test
    void unknownPathsAreProblemDocuments() {
        given().auth().oauth2(Tokens.developer("alice"))
                .when().get("/no/such/thing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"));
    }

    @Test
    void wrongMethodIsAProblemDocument() {
        given().auth().oauth2(Tokens.developer("alice"))
                .when().get("/llm/vendor/v1/chat/completions")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .body("code", equalTo("method_not_allowed"));
    }

    @Test
    void aBodyOfTheWrongShapeIsAProblemDocument() {
        given().auth().oauth2(Tokens.approver("priya")).contentType("application/json").body("-3.5e16")
                .when().post("/api/grants/" + UUID.randomUUID() + "/revoke")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_json"));
    }

    @Test
    void refusesANulInTheTextOfABodyBeforeItReachesTheDatabase() {
        String request = "{\"resource\":{\"kind\":\"dataset\",\"name\":\"tickets\"},\"purpose\":\"debugging\","
                + "\"justification\":\"%s\",\"duration\":\"PT1H\"}";
        given().auth().oauth2(Tokens.developer("alice")).contentType("application/json").body(request.formatted("ticket\\u0000 42"))
                .when().post("/api/access-requests")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("justification"));
        given().auth().oauth2(Tokens.developer("alice")).contentType("application/json").body(request.formatted("ticket 42"))
                .when().post("/api/access-requests")
                .then().statusCode(201);
    }

    @Test
    void refusesANulInAQueryParameterBeforeItReachesTheDatabase() {
        given().auth().oauth2(Tokens.approver("priya")).urlEncodingEnabled(false)
                .when().get("/api/grants?subject=ali%00ce")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_parameter"));
        given().auth().oauth2(Tokens.approver("priya")).urlEncodingEnabled(false)
                .when().get("/api/grants?subject=alice")
                .then().statusCode(200);
    }

    @Test
    void oversizedBodiesAreRefusedWithAProblemDocumentBeforeTheyAreRead() throws Exception {
        // Only the head is sent: the refusal must come from the declared length, without reading a byte of body.
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /llm/vendor/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + Tokens.developer("alice") + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (5 * 1024 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("content-type: application/problem+json");
            assertThat(response).contains("\"code\":\"payload_too_large\"");
        }
    }

    @Test
    void answersWithItsOwnRequestIdAndReturnsOnlyASaneCallersIdApart() {
        given().header("X-Request-Id", "client-42").when().get("/q/openapi")
                .then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .header("X-Client-Request-Id", "client-42");
        given().header("X-Request-Id", "bad id\twith <script>").when().get("/q/openapi")
                .then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .header("X-Request-Id", not(containsString("script")))
                .header("X-Client-Request-Id", nullValue());
    }

    @Test
    void recordsTheCallersRequestIdApartAndNeverATraceIdTheCallerChoseWhileTracingIsOff() {
        String callers = "trace-" + UUID.randomUUID();
        String own = given().auth().oauth2(Tokens.developer("alice"))
                .header("X-Request-Id", callers)
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .header("X-Tiergate-Purpose", "onboarding")
                .when().get("/datasets/tickets/records")
                .then().statusCode(403)
                .body("request_id", not(equalTo(callers)))
                .extract().header("X-Request-Id");
        // The audit row's trace id is the gateway's own trace (io.tiergate.ops.TracingTest); off, there is none.
        assertThat(audit.recent(AuditQueries.Filter.byClientRequestId(callers), 1))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.requestId()).isEqualTo(own);
                    assertThat(e.clientRequestId()).isEqualTo(callers);
                    assertThat(e.traceId()).isNull();
                });
        assertThat(audit.recent(new AuditQueries.Filter(null, null, null, null, callers), 1))
                .as("the caller's id is never the audit's request id").isEmpty();
    }

    @Test
    void aCallWithoutACredentialIsRefusedBeforeAnyRouteIsLookedUp() {
        // the endpoints would answer an unknown path 404; a caller without a token learns nothing of them
        for (String path : new String[] {"/api/no/such/thing", "/llm/no-such-route/v1/chat/completions", "/datasets/tickets/records"}) {
            given().when().post(path)
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", equalTo("Bearer"))
                    .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                    .body("code", equalTo("unauthenticated"))
                    .body("request_id", matchesPattern("[0-9a-f-]{36}"));
        }
    }

    @Test
    void theEarlyRefusalIsTheDocumentTheEndpointsSendForABadToken() {
        var early = given().when().get("/api/access-requests").then().statusCode(401).extract();
        var endpoint = given().header("Authorization", "Bearer not.a.token").when().get("/api/access-requests")
                .then().statusCode(401).extract();
        assertThat(early.contentType()).isEqualTo(endpoint.contentType());
        assertThat(early.header("WWW-Authenticate")).isEqualTo(endpoint.header("WWW-Authenticate"));
        for (String field : new String[] {"type", "title", "status", "detail", "code"}) {
            assertThat(early.jsonPath().getString(field)).as(field).isEqualTo(endpoint.jsonPath().getString(field));
        }
    }

    @Test
    void aPreflightWithoutACredentialStillReachesTheEndpoints() {
        given().when().options("/api/access-requests")
                .then().statusCode(200)
                .header("Allow", containsString("POST"));
    }

    @Test
    void keepsOnlySaneCallerRequestIds() {
        assertThat(RequestIds.isSane("client-42.a:b_c")).isTrue();
        assertThat(RequestIds.isSane("x".repeat(128))).isTrue();
        assertThat(RequestIds.isSane("x".repeat(129))).isFalse();
        assertThat(RequestIds.isSane("bad id")).isFalse();
        assertThat(RequestIds.isSane("<script>")).isFalse();
        assertThat(RequestIds.isSane("")).isFalse();
        assertThat(RequestIds.isSane(null)).isFalse();
    }
}
