package io.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.tiergate.capture.Captures;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.Variants;
import io.tiergate.testing.CaptureRows;
import io.tiergate.testing.GrantRows;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls through a route with variants: each episode meets its variant, with the variant's
 * upstream, model, system prompt and parameters; a Tier 2 prompt assigned to a variant cleared for
 * Tier 1 only falls back to the baseline (or is refused when that is not cleared either), and never
 * reaches the recording vendor stub.
 */
@QuarkusTest
class VariantsProxyTest {

    static final String EMAIL = "maria.lopez@acmecorp.com";
    static final String ANSWER = "{\"id\":\"chatcmpl-v\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
            + "{\"role\":\"assistant\",\"content\":\"Noted.\"},\"finish_reason\":\"stop\"}]}";

    @InjectUpstream
    WireMockServer upstream;

    @Inject
    Catalog catalog;

    @BeforeEach
    void stubs() {
        upstream.stubFor(post(urlPathMatching("/(experiment-internal|experiment-vendor|strict)/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(ANSWER)));
    }

    /** An episode the route assigns to {@code variant}. */
    String episodeFor(String route, String variant) {
        Variants variants = catalog.route(route).orElseThrow().variants();
        return IntStream.range(0, 1000).mapToObj(i -> "episode-" + UUID.randomUUID())
                .filter(e -> variants.assign(route, e).name().equals(variant)).findFirst().orElseThrow();
    }

    static ExtractableResponse<Response> call(String route, String caller, String episode, String prompt) {
        var request = given().auth().oauth2(Tokens.developer(caller)).contentType("application/json")
                .header(Purposes.HEADER, GrantRows.PURPOSE);
        if (episode != null) {
            request = request.header(LlmProxy.EPISODE_HEADER, episode);
        }
        return request.body("{\"model\":\"caller-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}")
                .when().post("/llm/" + route + "/v1/chat/completions").then().extract();
    }

    List<LoggedRequest> sentTo(String path, String marker) {
        return upstream.findAll(postRequestedFor(urlEqualTo(path)).withRequestBody(containing(marker)));
    }

    static String caller() {
        return "vera-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void sendsTheCallToItsVariantWithTheVariantsModelPromptAndParameters() throws Exception {
        String marker = "release-" + UUID.randomUUID();
        ExtractableResponse<Response> response = call("experiment", caller(), episodeFor("experiment", "vendor"),
                "When is the " + marker + " train?");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header(LlmProxy.VARIANT_HEADER)).isEqualTo("vendor");
        List<LoggedRequest> sent = sentTo("/experiment-vendor/v1/chat/completions", marker);
        assertThat(sent).hasSize(1);
        assertThat(sentTo("/experiment-internal/v1/chat/completions", marker)).isEmpty();
        assertThat(sent.get(0).getHeader("Authorization")).isEqualTo("Bearer vendor-variant-key");
        JsonNode body = new ObjectMapper().readTree(sent.get(0).getBodyAsString());
        assertThat(body.get("model").asText()).isEqualTo("vendor-large");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("Answer in one sentence.");
        assertThat(body.get("messages").get(1).get("content").asText()).contains(marker);

        Map<String, Object> row = CaptureRows.awaitCapture(response.header(Captures.INFERENCE_ID_HEADER));
        assertThat(row.get("variant")).isEqualTo("vendor");
        assertThat(row.get("model")).isEqualTo("vendor-large");
    }

    @Test
    void keepsAnEpisodeOnItsVariantAndTheCallerIsTheEpisodeByDefault() {
        String episode = episodeFor("experiment", "internal");
        String caller = caller();
        for (int i = 0; i < 4; i++) {
            assertThat(call("experiment", caller(), episode, "Hello " + i).header(LlmProxy.VARIANT_HEADER)).isEqualTo("internal");
        }
        String first = call("experiment", caller, null, "Hello").header(LlmProxy.VARIANT_HEADER);
        assertThat(first).isIn("internal", "vendor");
        for (int i = 0; i < 4; i++) {
            assertThat(call("experiment", caller, null, "Hello again " + i).header(LlmProxy.VARIANT_HEADER)).isEqualTo(first);
        }
    }

    @Test
    void fallsBackToTheBaselineWhenTheContentIsNotClearedForTheVariant() throws Exception {
        String caller = caller();
        GrantRows.activeOnRoute(caller, "experiment");
        String marker = UUID.randomUUID().toString();
        ExtractableResponse<Response> response = call("experiment", caller, episodeFor("experiment", "vendor"),
                "Write to " + EMAIL + " about refund " + marker);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header(LlmProxy.VARIANT_HEADER)).isEqualTo("internal");
        assertThat(sentTo("/experiment-internal/v1/chat/completions", marker)).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains(EMAIL).contains("caller-model"));
        assertThat(sentTo("/experiment-vendor/v1/chat/completions", marker)).as("the vendor never sees the prompt").isEmpty();
        upstream.verify(0, postRequestedFor(urlEqualTo("/experiment-vendor/v1/chat/completions")).withRequestBody(containing(EMAIL)));

        List<String[]> decisions = decisionsOf(caller);
        assertThat(decisions).hasSize(2);
        assertThat(decisions.get(0)).containsExactly("false", "content_not_cleared_for_variant", "variant vendor");
        assertThat(decisions.get(1)).containsExactly("true", "tier2_grant_active", "variant internal (fallback from vendor)");
        Map<String, Object> row = CaptureRows.awaitCapture(response.header(Captures.INFERENCE_ID_HEADER));
        assertThat(row.get("variant")).isEqualTo("internal");
    }

    @Test
    void refusesWhenNeitherTheVariantNorTheBaselineIsCleared() {
        String caller = caller();
        GrantRows.activeOnRoute(caller, "experiment-strict");
        for (String variant : List.of("vendor", "small")) {
            ExtractableResponse<Response> response = call("experiment-strict", caller, episodeFor("experiment-strict", variant),
                    "Write to " + EMAIL);
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.jsonPath().getList("reasons", String.class)).containsExactly("content_not_cleared_for_variant");
        }
        upstream.verify(0, postRequestedFor(urlEqualTo("/strict/v1/chat/completions")));
        // the vendor-assigned call was asked twice (its variant, then the baseline); the baseline's once
        assertThat(decisionsOf(caller)).extracting(d -> d[2])
                .containsExactly("variant vendor", "variant small (fallback from vendor)", "variant small");
    }

    @Test
    void refusesATier2PromptWithoutAGrantOnEveryVariant() {
        String caller = caller();
        String marker = UUID.randomUUID().toString();
        ExtractableResponse<Response> response = call("experiment", caller, episodeFor("experiment", "vendor"),
                "Write to " + EMAIL + " about " + marker);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.jsonPath().getList("reasons", String.class)).containsExactly("tier2_requires_grant");
        upstream.verify(0, postRequestedFor(urlPathMatching("/experiment-(vendor|internal)/v1/chat/completions"))
                .withRequestBody(containing(marker)));
    }

    @Test
    void refusesAMalformedEpisode() {
        given().auth().oauth2(Tokens.developer(caller())).contentType("application/json")
                .header(LlmProxy.EPISODE_HEADER, "two words")
                .body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/llm/experiment/v1/chat/completions")
                .then().statusCode(400).contentType("application/problem+json").body("type", org.hamcrest.Matchers.equalTo("urn:tiergate:problem:invalid-episode"));
    }

    @Test
    void aRouteWithoutVariantsNamesNone() {
        upstream.stubFor(post(urlEqualTo("/vendor/v1/chat/completions")).withHeader("Authorization", equalTo("Bearer vendor-upstream-key"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(ANSWER)));
        ExtractableResponse<Response> response = call("vendor", caller(), "episode-1", "Hello");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header(LlmProxy.VARIANT_HEADER)).isNull();
    }

    /** The caller's llm.invoke decisions in the audit log, in order: allowed, reasons, details. */
    static List<String[]> decisionsOf(String caller) {
        List<String[]> rows = new ArrayList<>();
        try (Connection c = CaptureRows.asOwner(); PreparedStatement q = c.prepareStatement(
                "select allowed, array_to_string(reasons, ','), details from audit_event "
                        + "where subject_id = ? and action = 'llm.invoke' and kind = 'decision' order by seq")) {
            q.setString(1, Tokens.key(caller));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {String.valueOf(rs.getBoolean(1)), rs.getString(2), rs.getString(3)});
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
