package io.tiergate.capture;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.tiergate.proxy.Purposes;
import io.tiergate.testing.CaptureRows;
import io.tiergate.testing.GrantRows;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What of an LLM call is captured, as the policy decided it for the request and for the answer
 * (the stricter of the two): Tier 1 in full, Tier 2 personal data only as placeholders (even when
 * it went in clear under a grant), credentials never, a streamed answer assembled whole.
 */
@QuarkusTest
class CaptureTest {

    static final String EMAIL = "maria.lopez@acmecorp.com";
    static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7x0e3Yq1bD8M\\n-----END RSA PRIVATE KEY-----";
    static final String USAGE = "{\"prompt_tokens\":11,\"completion_tokens\":3,\"total_tokens\":14}";

    @InjectUpstream
    WireMockServer upstream;

    private static String script(String... items) {
        String model = "script-" + UUID.randomUUID();
        UpstreamStubResource.ANSWERS.put(model, List.of(items));
        return model;
    }

    private static String whole(String content) {
        return "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],\"usage\":" + USAGE + "}";
    }

    private static String chunk(String content) {
        return "{\"id\":\"chatcmpl-8\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                + content + "\"}}]}";
    }

    private static ExtractableResponse<Response> call(String route, String caller, String model, String prompt, boolean stream) {
        return given().auth().oauth2(Tokens.developer(caller)).contentType("application/json")
                .header(Purposes.HEADER, GrantRows.PURPOSE)
                .body("{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + prompt + "\"}]}")
                .when().post("/llm/" + route + "/v1/chat/completions")
                .then().extract();
    }

    private static String inferenceId(ExtractableResponse<Response> response) {
        String id = response.header(Captures.INFERENCE_ID_HEADER);
        assertThat(id).as("the call's inference id").isNotNull();
        return id;
    }

    /** A later call's capture is written: the writer is one FIFO, so anything queued before it has been dealt with. */
    private static void writerCaughtUp() {
        String model = script(whole("marker"));
        ExtractableResponse<Response> marker = call("answers", "marker", model, "a marker call", false);
        assertThat(marker.statusCode()).isEqualTo(200);
        CaptureRows.awaitCapture(inferenceId(marker));
    }

    @Test
    void capturesATier1CallInFullWithItsRecordFields() {
        String model = script(whole("Our release train leaves on Tuesdays."));
        ExtractableResponse<Response> response = call("answers", "carla", model, "When does the release train leave?", false);
        assertThat(response.statusCode()).isEqualTo(200);

        Map<String, Object> row = CaptureRows.awaitCapture(inferenceId(response));
        assertThat(row.get("capture_mode")).isEqualTo("full");
        assertThat(row.get("route")).isEqualTo("answers");
        assertThat(row.get("model")).isEqualTo(model);
        assertThat(row.get("subject_id")).isEqualTo(Tokens.key("carla"));
        assertThat(row.get("subject_type")).isEqualTo("user");
        assertThat(row.get("purpose")).isEqualTo(GrantRows.PURPOSE);
        assertThat(row.get("variant")).isNull();
        assertThat((String) row.get("request_text")).contains("When does the release train leave?");
        assertThat((String) row.get("answer_text")).contains("Our release train leaves on Tuesdays.");
        assertThat(row.get("usage").toString()).contains("\"total_tokens\": 14");
        assertThat(((Number) row.get("status")).intValue()).isEqualTo(200);
        assertThat(((Number) row.get("tier")).intValue()).isEqualTo(1);
        assertThat((Integer) row.get("latency_ms")).isNotNegative();
        assertThat(row.get("ttft_ms")).as("no first token of a whole answer").isNull();
    }

    /**
     * Under a grant for the Tier 2 route the prompt's e-mail address is forwarded in clear; the
     * capture still holds only its placeholder.
     */
    @Test
    void capturesATier2PromptRedactedNeverFullEvenWhenForwardedInClear() {
        String caller = "tessa-" + UUID.randomUUID().toString().substring(0, 6);
        GrantRows.activeOnRoute(caller, "internal");
        upstream.stubFor(post(urlEqualTo("/internal/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(whole("Noted."))));

        ExtractableResponse<Response> response = call("internal", caller, "llama", "Write to " + EMAIL + " about the refund", false);
        assertThat(response.statusCode()).isEqualTo(200);
        upstream.verify(postRequestedFor(urlEqualTo("/internal/v1/chat/completions")).withRequestBody(containing(EMAIL)));

        Map<String, Object> row = CaptureRows.awaitCapture(inferenceId(response));
        assertThat(row.get("capture_mode")).isEqualTo("redacted");
        assertThat((String) row.get("request_text")).contains("Write to <EMAIL_1> about the refund").doesNotContain(EMAIL);
        assertThat(((Number) row.get("tier")).intValue()).isEqualTo(2);
        assertThat(row.get("types")).isEqualTo("EMAIL");
    }

    /** A Tier 1 prompt whose answer carries an e-mail address (relayed in clear to a caller with a grant) stores the answer redacted. */
    @Test
    void storesTheStricterOfTheRequestsAndTheAnswersCapture() {
        String caller = "gina-" + UUID.randomUUID().toString().substring(0, 6);
        GrantRows.activeOnRoute(caller, "answers");
        String model = script(whole("Ask " + EMAIL + " for the invoice."));
        ExtractableResponse<Response> response = call("answers", caller, model, "Who has the invoice?", false);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().asString()).contains(EMAIL);

        Map<String, Object> row = CaptureRows.awaitCapture(inferenceId(response));
        assertThat(row.get("capture_mode")).isEqualTo("redacted");
        assertThat((String) row.get("answer_text")).contains("Ask <EMAIL_1> for the invoice.").doesNotContain(EMAIL);
        assertThat((String) row.get("request_text")).contains("Who has the invoice?");
    }

    @Test
    void neverCapturesACredentialInTheAnswerNorInThePrompt() {
        String model = script(whole("Here it is: " + KEY + " done"));
        ExtractableResponse<Response> answer = call("answers", "kim", model, "What is the deploy key?", false);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body().asString()).contains("<PRIVATE_KEY_1>").doesNotContain("MIIEowIBAAKCAQEA");
        ExtractableResponse<Response> prompt = call("answers", "kim", script(whole("ok")), "Check this key: " + KEY, false);
        assertThat(prompt.statusCode()).isEqualTo(403);

        writerCaughtUp();
        assertThat(CaptureRows.find(inferenceId(answer))).as("a credential in the answer: nothing of the call").isEmpty();
        assertThat(prompt.header(Captures.INFERENCE_ID_HEADER)).as("a refused call names no inference").isNull();
    }

    @Test
    void capturesAStreamedAnswerWhole() {
        String model = script(chunk("The build"), chunk(" is green"), chunk(" again."),
                "{\"id\":\"chatcmpl-8\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":" + USAGE + "}", "[DONE]");
        ExtractableResponse<Response> response = call("answers", "sam", model, "How is the build?", true);
        assertThat(response.statusCode()).isEqualTo(200);

        Map<String, Object> row = CaptureRows.awaitCapture(inferenceId(response));
        assertThat(row.get("capture_mode")).isEqualTo("full");
        assertThat((String) row.get("answer_text")).contains("\"/choices/0/delta/content\": \"The build is green again.\"");
        assertThat(row.get("usage").toString()).contains("\"total_tokens\": 14");
        assertThat(row.get("ttft_ms")).as("a streamed answer's time to first token").isNotNull();
    }

    @Test
    void aRouteThatSwitchesCaptureOffCapturesNothing() {
        ExtractableResponse<Response> response = call("answers-nocapture", "nora", script(whole("fine")), "How are you?", false);
        assertThat(response.statusCode()).isEqualTo(200);
        writerCaughtUp();
        assertThat(CaptureRows.find(inferenceId(response))).isEmpty();
    }
}
