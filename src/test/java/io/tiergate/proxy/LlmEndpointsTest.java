package io.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoints beside chat: each allowed and forbidden, unknown paths, and what headers go upstream. */
@QuarkusTest
class LlmEndpointsTest {

    @InjectUpstream
    WireMockServer upstream;

    @BeforeEach
    void stub() {
        upstream.resetAll();
        upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"list\",\"data\":[{\"id\":\"demo-model\",\"object\":\"model\"}]}")));
    }

    @Test
    void embedsTier1InputOnTheExternalRoute() {
        String body = "{\"model\":\"e\",\"input\":[\"release checklist\",\"on-call\"]}";
        given().auth().oauth2(Tokens.service("rag")).contentType("application/json").body(body)
                .when().post("/llm/vendor/v1/embeddings").then().statusCode(200);
        upstream.verify(postRequestedFor(urlEqualTo("/vendor/v1/embeddings")).withRequestBody(equalToJson(body)));
    }

    @Test
    void deniesEmbeddingTier2InputOnTheTier2RouteWithoutGrant() {
        given().auth().oauth2(Tokens.service("rag")).contentType("application/json")
                .body("{\"model\":\"e\",\"input\":\"Ticket from jane.doe@example.com about card 4111 1111 1111 1111\"}")
                .when().post("/llm/internal/v1/embeddings").then().statusCode(403)
                .body("reasons", contains("tier2_requires_grant"))
                .body("request_access.resource.name", equalTo("internal"));
        upstream.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void redactsPersonalDataInEmbeddingsForTheExternalRoute() {
        given().auth().oauth2(Tokens.service("rag")).contentType("application/json")
                .body("{\"model\":\"e\",\"input\":[\"mail jane.doe@example.com\",\"again jane.doe@example.com\"]}")
                .when().post("/llm/vendor/v1/embeddings").then().statusCode(200).header("X-Tiergate-Redacted", "EMAIL");
        upstream.verify(postRequestedFor(urlEqualTo("/vendor/v1/embeddings"))
                .withRequestBody(equalToJson("{\"model\":\"e\",\"input\":[\"mail <EMAIL_1>\",\"again <EMAIL_1>\"]}")));
    }

    @Test
    void listsModelsFromTheUpstreamForDevelopersOnly() {
        given().auth().oauth2(Tokens.developer("alice")).when().get("/llm/vendor/v1/models")
                .then().statusCode(200).body("data[0].id", equalTo("demo-model"));
        upstream.verify(getRequestedFor(urlEqualTo("/vendor/v1/models"))
                .withHeader("Authorization", WireMock.equalTo("Bearer vendor-upstream-key")));
        upstream.resetRequests();
        given().auth().oauth2(Tokens.auditor("audrey")).when().get("/llm/vendor/v1/models")
                .then().statusCode(403).body("reasons", contains("role_not_permitted"));
        upstream.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void completionsAndResponsesGoThroughAndAreDeniedForOtherRoles() {
        for (String[] call : new String[][] {{"completions", "{\"model\":\"m\",\"prompt\":\"Say hi\"}"},
                {"responses", "{\"model\":\"m\",\"input\":\"Say hi\",\"instructions\":\"be brief\"}"}}) {
            given().auth().oauth2(Tokens.developer("alice")).contentType("application/json").body(call[1])
                    .when().post("/llm/vendor/v1/" + call[0]).then().statusCode(200);
            upstream.verify(postRequestedFor(urlEqualTo("/vendor/v1/" + call[0])).withRequestBody(equalToJson(call[1])));
            given().auth().oauth2(Tokens.auditor("audrey")).contentType("application/json").body(call[1])
                    .when().post("/llm/vendor/v1/" + call[0]).then().statusCode(403);
        }
    }

    @Test
    void unknownPathsAreProblemNotFound() {
        given().auth().oauth2(Tokens.developer("alice")).contentType("application/json").body("{}")
                .when().post("/llm/vendor/v1/assistants").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.developer("alice")).when().get("/llm/vendor/v1/files")
                .then().statusCode(404).contentType("application/problem+json");
        upstream.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void forwardsNoCallerHeaderAndItsOwnRequestId() {
        given().auth().oauth2(Tokens.developer("alice")).contentType("application/json")
                .header("X-Request-Id", "caller-id-1").header("X-Leak", "jane.doe@example.com")
                .header("OpenAI-Organization", "org-x").header("Accept", "application/json; q=ghp_x")
                .body("{\"model\":\"m\",\"prompt\":\"hi\"}")
                .when().post("/llm/vendor/v1/completions").then().statusCode(200);
        upstream.verify(postRequestedFor(urlEqualTo("/vendor/v1/completions"))
                .withHeader("X-Leak", absent()).withHeader("OpenAI-Organization", absent())
                .withHeader("Accept", WireMock.equalTo("application/json"))
                .withHeader("X-Request-Id", WireMock.notMatching("caller-id-1")));
    }

    @Test
    void imagesReachOnlyARouteThatAcceptsThem() {
        String body = "{\"model\":\"v\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}";
        given().auth().oauth2(Tokens.developer("alice")).contentType("application/json").body(body)
                .when().post("/llm/internal/v1/chat/completions").then().statusCode(403)
                .body("reasons", contains("unscannable_content"));
        given().auth().oauth2(Tokens.developer("alice")).contentType("application/json").body(body)
                .when().post("/llm/vision/v1/chat/completions").then().statusCode(200);
        upstream.verify(1, anyRequestedFor(anyUrl()));
    }
}
