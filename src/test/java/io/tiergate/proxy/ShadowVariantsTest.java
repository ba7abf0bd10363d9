package io.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.tiergate.testing.CaptureRows;
import io.tiergate.testing.GrantRows;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shadow variants: a copy of each call goes to every shadow cleared for its content, with the
 * shadow's model, decided and audited on its own, its answer captured under the shadow's name and
 * never returned; a shadow not cleared gets a denied decision and nothing; a slow one delays nothing.
 */
@QuarkusTest
class ShadowVariantsTest {

    static final String EMAIL = "maria.lopez@acmecorp.com";

    @InjectUpstream
    WireMockServer upstream;

    static String answer(String text) {
        return "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}]}";
    }

    @BeforeEach
    void stubs() {
        upstream.stubFor(post(urlEqualTo("/shadow-main/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(answer("the main answer"))));
        upstream.stubFor(post(urlEqualTo("/shadow-candidate/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(answer("the candidate answer"))));
        upstream.stubFor(post(urlEqualTo("/shadow-vendor/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(answer("the vendor answer"))));
        upstream.stubFor(post(urlEqualTo("/shadow-slow/v1/chat/completions")).willReturn(aResponse().withStatus(500)
                .withFixedDelay(2500).withHeader("Content-Type", "application/json").withBody("{\"error\":\"overloaded\"}")));
    }

    static ExtractableResponse<Response> call(String caller, String prompt, boolean stream) {
        return given().auth().oauth2(Tokens.developer(caller)).contentType("application/json")
                .header(Purposes.HEADER, GrantRows.PURPOSE)
                .body("{\"model\":\"caller-model\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
                        + "\"}]}")
                .when().post("/llm/experiment-shadow/v1/chat/completions").then().extract();
    }

    List<LoggedRequest> sentTo(String shadow, String marker) {
        return upstream.findAll(postRequestedFor(urlEqualTo("/shadow-" + shadow + "/v1/chat/completions"))
                .withRequestBody(containing(marker)));
    }

    static String caller() {
        return "sam-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void copiesACallToEveryShadowCapturingTheirAnswersWithoutReturningThem() throws Exception {
        String marker = "shadowed-" + UUID.randomUUID();
        long started = System.nanoTime();
        ExtractableResponse<Response> response = call(caller(), "Plan the " + marker + " release", false);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header(LlmProxy.VARIANT_HEADER)).isEqualTo("main");
        assertThat(response.body().asString()).contains("the main answer").doesNotContain("candidate").doesNotContain("vendor answer");
        assertThat(tookMillis).as("the slow shadow (2.5 s) delays nothing").isLessThan(2000);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(sentTo("candidate", marker)).hasSize(1);
            assertThat(sentTo("vendor", marker)).hasSize(1);
        });
        JsonNode copy = new ObjectMapper().readTree(sentTo("candidate", marker).get(0).getBodyAsString());
        assertThat(copy.get("model").asText()).isEqualTo("candidate-model");
        assertThat(copy.get("stream").asBoolean()).isFalse();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(capturedAnswers("candidate", marker)).singleElement().asString().contains("the candidate answer");
            assertThat(capturedAnswers("vendor-shadow", marker)).singleElement().asString().contains("the vendor answer");
        });
        assertThat(capturedAnswers("main", marker)).singleElement().asString().contains("the main answer");
    }

    @Test
    void aStreamedCallIsStillStreamedAndItsShadowAskedWhole() {
        String marker = "streamed-" + UUID.randomUUID();
        upstream.stubFor(post(urlEqualTo("/shadow-main/v1/chat/completions")).withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                                + "{\"content\":\"streamed main\"}}]}\n\ndata: [DONE]\n\n")));
        ExtractableResponse<Response> response = call(caller(), "Stream the " + marker, true);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().asString()).contains("streamed ").contains("main").contains("[DONE]");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(sentTo("candidate", marker)).singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains("\"stream\":false")));
    }

    @Test
    void sendsATier2PromptOnlyToTheShadowsClearedForIt() {
        String caller = caller();
        GrantRows.activeOnRoute(caller, "experiment-shadow");
        String marker = "tier2-" + UUID.randomUUID();
        ExtractableResponse<Response> response = call(caller, "Write to " + EMAIL + " about " + marker, false);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header(LlmProxy.VARIANT_HEADER)).isEqualTo("main");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(sentTo("candidate", marker)).singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains(EMAIL));
            assertThat(VariantsProxyTest.decisionsOf(caller)).extracting(d -> d[0] + " " + d[1] + " " + d[2].replaceAll(" of [0-9a-f-]+", ""))
                    .containsExactlyInAnyOrder("true tier2_grant_active variant main",
                            "true tier2_grant_active variant candidate (shadow)",
                            "false content_not_cleared_for_variant variant vendor-shadow (shadow)",
                            "true tier2_grant_active variant slow (shadow)");
        });
        assertThat(sentTo("vendor", marker)).as("the external shadow never sees a Tier 2 prompt").isEmpty();
        upstream.verify(0, postRequestedFor(urlEqualTo("/shadow-vendor/v1/chat/completions")).withRequestBody(containing(EMAIL)));
    }

    /** The captured answers of the route's calls through {@code variant} whose request holds {@code marker}. */
    static List<String> capturedAnswers(String variant, String marker) {
        List<String> answers = new ArrayList<>();
        try (Connection c = CaptureRows.asApp(); PreparedStatement q = c.prepareStatement(
                "select answer::text from capture where route = 'experiment-shadow' and variant = ? and request::text like ?")) {
            q.setString(1, variant);
            q.setString(2, "%" + marker + "%");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    answers.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return answers;
    }
}
