package io.tiergate.classify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tiergate.testing.Tokens;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClassifyResourceTest {

    @TestHTTPResource("/")
    URI base;

    static String body(String text) {
        return new io.vertx.core.json.JsonObject().put("text", text).encode();
    }

    @Test
    void classifiesATextWithExactlyTierAndFindingSpans() {
        String text = "Customer jane.doe@example.com paid with 4111 1111 1111 1111.";
        JsonPath json = given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body(body(text))
                .when().post("/api/classify")
                .then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        assertThat(json.getMap("")).containsOnlyKeys("tier", "findings");
        assertThat(json.getInt("tier")).isEqualTo(2);
        List<Map<String, Object>> findings = json.getList("findings");
        assertThat(findings).hasSize(2);
        assertThat(findings.get(0)).containsOnlyKeys("type", "start", "end", "score", "detector")
                .containsEntry("type", "EMAIL").containsEntry("start", 9).containsEntry("end", 29)
                .containsEntry("score", 0.99f).containsEntry("detector", "email");
        assertThat(findings.get(1)).containsEntry("type", "PAYMENT_CARD")
                .containsEntry("start", text.indexOf("4111")).containsEntry("end", text.lastIndexOf("."));
    }

    @Test
    void cleanTextIsTier1WithNoFindings() {
        given().auth().oauth2(Tokens.service("service-account-rag"))
                .contentType("application/json").body(body("Summarise the release checklist"))
                .when().post("/api/classify")
                .then().statusCode(200)
                .body("tier", equalTo(1))
                .body("findings.size()", equalTo(0));
    }

    @Test
    void anyAuthenticatedRoleMayClassify() {
        for (String token : List.of(Tokens.auditor("audrey"), Tokens.approver("priya"), Tokens.token("nobody"))) {
            given().auth().oauth2(token).contentType("application/json").body(body("hello"))
                    .when().post("/api/classify").then().statusCode(200);
        }
    }

    @Test
    void redactsTier2FindingsWithConsistentPlaceholdersWhenAsked() {
        String text = "From ops@tiergate.dev: jane@example.com wrote to bob@example.org, cc jane@example.com";
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body(body(text))
                .queryParam("redact", true)
                .when().post("/api/classify")
                .then().statusCode(200)
                .body("tier", equalTo(2))
                .body("redacted", equalTo("From ops@tiergate.dev: <EMAIL_1> wrote to <EMAIL_2>, cc <EMAIL_1>"));
    }

    @Test
    void appliesTheConfiguredDetectorsAllowListAndCustomerMarkers() {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body(body("ticket for AC-1234566 in com.acme.billing"))
                .when().post("/api/classify")
                .then().statusCode(200)
                .body("findings.type", contains("CUSTOMER_ID", "SOURCE_CODE"))
                .body("findings.detector", contains("acme-customer", "customer-code-marker"));
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType("application/json").body(body("ask ops@tiergate.dev"))
                .when().post("/api/classify")
                .then().statusCode(200).body("tier", equalTo(1)).body("findings.type", contains("EMAIL"));
    }

    @Test
    void refusesCallersWithoutAValidToken() {
        given().contentType("application/json").body(body("hello"))
                .when().post("/api/classify")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        given().auth().oauth2(Tokens.forOtherAudience("alice")).contentType("application/json").body(body("hello"))
                .when().post("/api/classify")
                .then().statusCode(401);
    }

    @Test
    void badBodiesAreClearProblemsThatNeverQuoteTheText() {
        byte[] invalidUtf8 = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        problem(invalidUtf8, "application/json", 400, "invalid_utf8");
        problem("{not json jane@example.com".getBytes(StandardCharsets.UTF_8), "application/json", 400, "invalid_json");
        problem("{}".getBytes(StandardCharsets.UTF_8), "application/json", 400, "invalid_request");
        problem("{\"text\": 42}".getBytes(StandardCharsets.UTF_8), "application/json", 400, "invalid_request");
        problem(body("   ").getBytes(StandardCharsets.UTF_8), "application/json", 400, "empty_text");
        problem(body("PK\u0003\u0004\u0000\u0000 jane@example.com").getBytes(StandardCharsets.UTF_8), "application/json", 400, "binary_content");
        problem(body("jane@example.com ".repeat(12_000)).getBytes(StandardCharsets.UTF_8), "application/json", 413, "payload_too_large");
        problem("jane@example.com".getBytes(StandardCharsets.UTF_8), "text/plain", 415, "unsupported_media_type");
    }

    private static void problem(byte[] body, String contentType, int status, String code) {
        given().auth().oauth2(Tokens.developer("alice"))
                .contentType(contentType).body(body)
                .when().post("/api/classify")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body(not(containsString("jane@example.com")));
    }

    @Test
    void tenMegabyteBodiesAreRefusedWith413BeforeTheyAreRead() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /api/classify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + Tokens.developer("alice") + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (10 * 1024 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("\"code\":\"payload_too_large\"");
        }
    }
}
