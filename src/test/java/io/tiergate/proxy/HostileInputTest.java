package io.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile caller: every field of every LLM endpoint, with encodings (unicode escapes, JSON in
 * strings, numbers, split secrets, NFKC lookalikes, zero-width characters), duplicate and
 * case-variant keys, streaming requests, oversized and malformed bodies, media and references.
 * Each case sends a canary to the external (Tier 1) route {@code vendor}, whose upstream records
 * what it receives, and fails if the canary arrives there in any form, if the answer is a 5xx, or
 * if the answer shows a stack trace or internal detail. Each case has its allowed twin: the same
 * request without the canary goes through and arrives intact.
 */
@QuarkusTest
class HostileInputTest {

    /** A credential: never forwarded to any route. */
    static final String TOKEN = "ghp_7a2b9c4d1e8f3a6b5c0d9e2f7a4b1c8d3e6f";
    /** Personal data: forwarded to a Tier 1 route only as a placeholder. */
    static final String EMAIL = "jane.doe@example.com";
    static final String CARD = "4111111111111111";
    static final String HARMLESS = "hello world";

    @InjectUpstream
    WireMockServer upstream;

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One hostile request: where it goes, the body with the canary put in by {@code body}, the
     * canary as it must never arrive, and the value that makes the allowed twin (null: the twin is
     * {@code twinBody}, given whole).
     */
    record Case(String name, String path, Function<String, String> body, String value, String canary, String twinValue,
            String twinBody, boolean needsNormalisation, String twinPath) {

        Case(String name, String path, Function<String, String> body, String value, String canary, String twinValue,
                String twinBody, boolean needsNormalisation) {
            this(name, path, body, value, canary, twinValue, twinBody, needsNormalisation, path);
        }

        @Override
        public String toString() {
            return name;
        }

        String hostile() {
            return body.apply(value);
        }

        String twin() {
            return twinBody != null ? twinBody : body.apply(twinValue);
        }
    }

    /** {@code '} stands for {@code "}, {@code `} for {@code \"} (a quote inside a JSON string), {@code §} for the value. */
    static Function<String, String> t(String template) {
        String json = template.replace("`", "\\\"").replace("'", "\"");
        return v -> json.replace("§", v);
    }

    static final String CHAT = "/llm/vendor/v1/chat/completions";
    static final String COMPLETIONS = "/llm/vendor/v1/completions";
    static final String RESPONSES = "/llm/vendor/v1/responses";
    static final String EMBEDDINGS = "/llm/vendor/v1/embeddings";
    /** A Tier 2 route that declares it may receive images. */
    static final String VISION = "/llm/vision/v1/chat/completions";

    /** Where a string can hide in a request, per endpoint. */
    static final Map<String, List<Object[]>> STRING_FIELDS = Map.of(
            CHAT, List.of(
                    new Object[] {"chat content", "{'model':'m','messages':[{'role':'user','content':'see §'}]}"},
                    new Object[] {"chat content part", "{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'§'}]}]}"},
                    new Object[] {"chat system message", "{'model':'m','messages':[{'role':'system','content':'§'},{'role':'user','content':'hi'}]}"},
                    new Object[] {"chat message name", "{'model':'m','messages':[{'role':'user','name':'§','content':'hi'}]}"},
                    new Object[] {"chat tool-call arguments as JSON", "{'model':'m','messages':[{'role':'user','content':'hi'},{'role':'assistant','content':null,"
                            + "'tool_calls':[{'id':'c1','type':'function','function':{'name':'lookup','arguments':'{`q`:`§`}'}}]}]}"},
                    new Object[] {"chat tool-call arguments as text", "{'model':'m','messages':[{'role':'assistant','content':null,"
                            + "'tool_calls':[{'id':'c1','type':'function','function':{'name':'lookup','arguments':'q=§'}}]}]}"},
                    new Object[] {"chat tool-call arguments as JSON in JSON", "{'model':'m','messages':[{'role':'assistant','content':null,"
                            + "'tool_calls':[{'id':'c1','type':'function','function':{'name':'f','arguments':'{`outer`:`{\\\\`q\\\\`:\\\\`§\\\\`}`}'}}]}]}"},
                    new Object[] {"chat legacy function_call", "{'model':'m','messages':[{'role':'assistant','content':null,"
                            + "'function_call':{'name':'lookup','arguments':'{`q`:`§`}'}}]}"},
                    new Object[] {"chat tool result", "{'model':'m','messages':[{'role':'tool','tool_call_id':'c1','content':'{`result`:`§`}'}]}"},
                    new Object[] {"chat tool definition description", "{'model':'m','messages':[{'role':'user','content':'hi'}],"
                            + "'tools':[{'type':'function','function':{'name':'lookup','description':'§','parameters':{'type':'object'}}}]}"},
                    new Object[] {"chat tool parameter default", "{'model':'m','messages':[{'role':'user','content':'hi'}],'tools':[{'type':'function',"
                            + "'function':{'name':'f','parameters':{'type':'object','properties':{'q':{'type':'string','default':'§'}}}}}]}"},
                    new Object[] {"chat legacy functions", "{'model':'m','messages':[{'role':'user','content':'hi'}],'functions':[{'name':'f','description':'§'}]}"},
                    new Object[] {"chat response_format json_schema", "{'model':'m','messages':[{'role':'user','content':'hi'}],"
                            + "'response_format':{'type':'json_schema','json_schema':{'name':'r','schema':{'type':'object','description':'§'}}}}"},
                    new Object[] {"chat prediction content", "{'model':'m','messages':[{'role':'user','content':'hi'}],'prediction':{'type':'content','content':'§'}}"},
                    new Object[] {"chat metadata value", "{'model':'m','messages':[{'role':'user','content':'hi'}],'metadata':{'ticket':'§'}}"},
                    new Object[] {"chat user field", "{'model':'m','messages':[{'role':'user','content':'hi'}],'user':'§'}"},
                    new Object[] {"chat stop sequence", "{'model':'m','messages':[{'role':'user','content':'hi'}],'stop':['x','§']}"},
                    new Object[] {"chat unknown top-level field", "{'model':'m','messages':[{'role':'user','content':'hi'}],'x_vendor_extension':'§'}"},
                    new Object[] {"chat unknown deep field", "{'model':'m','messages':[{'role':'user','content':'hi','extra':{'a':[{'b':'§'}]}}]}"},
                    new Object[] {"chat model field", "{'model':'§','messages':[{'role':'user','content':'hi'}]}"},
                    new Object[] {"chat role field", "{'model':'m','messages':[{'role':'§','content':'hi'}]}"},
                    new Object[] {"chat content part type field", "{'model':'m','messages':[{'role':'user','content':[{'type':'§','text':'hi'}]}]}"},
                    new Object[] {"chat assistant refusal", "{'model':'m','messages':[{'role':'assistant','content':null,'refusal':'§'},{'role':'user','content':'hi'}]}"},
                    new Object[] {"chat streamed request", "{'model':'m','stream':true,'stream_options':{'include_usage':true},'messages':[{'role':'user','content':'§'}]}"}),
            COMPLETIONS, List.of(
                    new Object[] {"completions prompt", "{'model':'m','prompt':'§'}"},
                    new Object[] {"completions prompt array", "{'model':'m','prompt':['hi','§']}"},
                    new Object[] {"completions suffix", "{'model':'m','prompt':'hi','suffix':'§'}"},
                    new Object[] {"completions user", "{'model':'m','prompt':'hi','user':'§'}"},
                    new Object[] {"completions streamed", "{'model':'m','prompt':'§','stream':true}"}),
            RESPONSES, List.of(
                    new Object[] {"responses input string", "{'model':'m','input':'§'}"},
                    new Object[] {"responses input message", "{'model':'m','input':[{'role':'user','content':[{'type':'input_text','text':'§'}]}]}"},
                    new Object[] {"responses instructions", "{'model':'m','input':'hi','instructions':'§'}"},
                    new Object[] {"responses tool description", "{'model':'m','input':'hi','tools':[{'type':'function','name':'f','description':'§','parameters':{}}]}"},
                    new Object[] {"responses function_call_output", "{'model':'m','input':[{'type':'function_call_output','call_id':'c1','output':'{`r`:`§`}'}]}"},
                    new Object[] {"responses function_call arguments", "{'model':'m','input':[{'type':'function_call','call_id':'c1','name':'f','arguments':'{`q`:`§`}'}]}"},
                    new Object[] {"responses metadata", "{'model':'m','input':'hi','metadata':{'k':'§'}}"},
                    new Object[] {"responses streamed", "{'model':'m','input':'§','stream':true}"}),
            EMBEDDINGS, List.of(
                    new Object[] {"embeddings input string", "{'model':'e','input':'§'}"},
                    new Object[] {"embeddings input array", "{'model':'e','input':['hi','§']}"},
                    new Object[] {"embeddings user", "{'model':'e','input':'hi','user':'§'}"}));

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        STRING_FIELDS.forEach((path, fields) -> {
            for (Object[] field : fields) {
                Function<String, String> body = t((String) field[1]);
                cases.add(new Case(field[0] + " / token", path, body, TOKEN, TOKEN, HARMLESS, null, false));
                cases.add(new Case(field[0] + " / e-mail", path, body, EMAIL, EMAIL, HARMLESS, null, false));
            }
        });
        // encodings
        String escapedG = "\\\\u0067hp_7a2b9c4d1e8f3a6b5c0d9e2f7a4b1c8d3e6f"; // \u0067 is 'g'
        cases.add(new Case("unicode escape in content", CHAT, t("{'model':'m','messages':[{'role':'user','content':'§'}]}"),
                "\\u0067hp_7a2b9c4d1e8f3a6b5c0d9e2f7a4b1c8d3e6f", TOKEN, HARMLESS, null, false));
        cases.add(new Case("unicode escape in a key", CHAT, t("{'model':'m','messages':[{'role':'user','content':'hi'}],'metadata':{'§':'x'}}"),
                "\\u006aane.doe@example.com", EMAIL, "note", null, false));
        cases.add(new Case("unicode escape inside tool-call arguments", CHAT, t("{'model':'m','messages':[{'role':'assistant','content':null,"
                + "'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{`q`:`§`}'}}]}]}"), escapedG, TOKEN, HARMLESS, null, false));
        cases.add(new Case("token as a key", CHAT, t("{'model':'m','messages':[{'role':'user','content':'hi'}],'metadata':{'§':'x'}}"),
                TOKEN, TOKEN, "note", null, false));
        cases.add(new Case("e-mail as a tool parameter name", CHAT, t("{'model':'m','messages':[{'role':'user','content':'hi'}],'tools':[{'type':'function',"
                + "'function':{'name':'f','parameters':{'type':'object','properties':{'§':{'type':'string'}}}}}]}"), EMAIL, EMAIL, "query", null, false));
        cases.add(new Case("card as a JSON number", CHAT, t("{'model':'m','messages':[{'role':'user','content':'hi'}],'metadata':{'n':§}}"),
                CARD, CARD, "42", null, false));
        cases.add(new Case("card as a JSON number in exponent form", CHAT, t("{'model':'m','messages':[{'role':'user','content':'hi'}],'x':§}"),
                "4.111111111111111e15", CARD, "4.2e1", null, false));
        cases.add(new Case("card as a number in tool-call arguments", CHAT, t("{'model':'m','messages':[{'role':'assistant','content':null,"
                + "'tool_calls':[{'id':'c','type':'function','function':{'name':'pay','arguments':'{`card`:§}'}}]}]}"), CARD, CARD, "42", null, false));
        cases.add(new Case("token split over two messages", CHAT, t("{'model':'m','messages':[{'role':'user','content':'part one ghp_7a2b9c4d1e8f§'},"
                + "{'role':'user','content':'3a6b5c0d9e2f7a4b1c8d3e6f is part two'}]}"), "", TOKEN, null,
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"part one\"},{\"role\":\"user\",\"content\":\"is part two\"}]}", false));
        cases.add(new Case("token split over two content parts", CHAT, t("{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'ghp_7a2b9c4d1e8f§'},"
                + "{'type':'text','text':'3a6b5c0d9e2f7a4b1c8d3e6f'}]}]}"), "", TOKEN, null,
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}]}", false));
        cases.add(new Case("card split over two messages", CHAT, t("{'model':'m','messages':[{'role':'user','content':'card 4111 1111§'},"
                + "{'role':'user','content':' 1111 1111 thanks'}]}"), "", "4111 1111 1111 1111", null, twinOfSplit(), false));
        cases.add(new Case("token split over embeddings inputs", EMBEDDINGS, t("{'model':'e','input':['ghp_7a2b9c4d1e8f§','3a6b5c0d9e2f7a4b1c8d3e6f']}"),
                "", TOKEN, null, "{\"model\":\"e\",\"input\":[\"a\",\"b\"]}", false));
        cases.add(new Case("zero-width space in a token prefix", CHAT, t("{'model':'m','messages':[{'role':'user','content':'§'}]}"),
                "ghp\\u200b_7a2b9c4d1e8f3a6b5c0d9e2f7a4b1c8d3e6f", TOKEN, HARMLESS, null, true));
        cases.add(new Case("fullwidth letters in a token prefix", CHAT, t("{'model':'m','messages':[{'role':'user','content':'§'}]}"),
                "\uff47\uff48\uff50_7a2b9c4d1e8f3a6b5c0d9e2f7a4b1c8d3e6f", TOKEN, HARMLESS, null, true));
        // duplicate and case-variant keys: the first holds the canary, the last is harmless
        String twinChat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        cases.add(new Case("messages twice", CHAT, t("{'model':'m','messages':[{'role':'user','content':'§'}],'messages':[{'role':'user','content':'hi'}]}"),
                TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("content twice in one message", CHAT, t("{'model':'m','messages':[{'role':'user','content':'§','content':'hi'}]}"),
                TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("MESSAGES beside messages", CHAT, t("{'model':'m','MESSAGES':[{'role':'user','content':'§'}],'messages':[{'role':'user','content':'hi'}]}"),
                TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("CONTENT beside content", CHAT, t("{'model':'m','messages':[{'role':'user','CONTENT':'§','content':'hi'}]}"),
                TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("fullwidth key beside its ASCII form", CHAT, t("{'model':'m','messages':[{'role':'user','\uff43ontent':'§','content':'hi'}]}"),
                TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("case variant keys in metadata", CHAT, t("{'model':'m','messages':[{'role':'user','content':'hi'}],'metadata':{'Key':'§','key':'x'}}"),
                TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("case variant keys in a json_schema", CHAT, t("{'model':'m','messages':[{'role':'user','content':'hi'}],"
                + "'response_format':{'type':'json_schema','json_schema':{'name':'r','schema':{'properties':{'Q':{'default':'§'},'q':{}}}}}}"),
                TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("duplicate keys inside tool-call arguments", CHAT, t("{'model':'m','messages':[{'role':'assistant','content':null,"
                + "'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{`q`:`§`,`q`:`x`}'}}]}]}"), TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("duplicate input in embeddings", EMBEDDINGS, t("{'model':'e','input':'§','input':'hi'}"), TOKEN, TOKEN, null,
                "{\"model\":\"e\",\"input\":\"hi\"}", false));
        cases.add(new Case("duplicate prompt in completions", COMPLETIONS, t("{'model':'m','prompt':'§','PROMPT':'hi'}"), TOKEN, TOKEN, null,
                "{\"model\":\"m\",\"prompt\":\"hi\"}", false));
        // malformed and oversized bodies
        cases.add(new Case("second document after the first", CHAT, t("{'model':'m','messages':[{'role':'user','content':'hi'}]}{'messages':[{'role':'user','content':'§'}]}"),
                TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("truncated body", CHAT, t("{'model':'m','messages':[{'role':'user','content':'§'"), TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("lone surrogate beside the canary", CHAT, t("{'model':'m','messages':[{'role':'user','content':'\\ud800 §'}]}"),
                TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("nesting too deep", CHAT, v -> "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"x\":"
                + "[".repeat(200) + "\"" + v + "\"" + "]".repeat(200) + "}", TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("oversized body", CHAT, v -> "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + v + " "
                + "a".repeat(5 * 1024 * 1024) + "\"}]}", TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("body that is an array", CHAT, t("[{'role':'user','content':'§'}]"), TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("content of the wrong type", CHAT, t("{'model':'m','messages':[{'role':'user','content':{'text':'§'}}]}"), TOKEN, TOKEN, null, twinChat, false));
        cases.add(new Case("stream that is not a boolean", CHAT, t("{'model':'m','stream':'yes','messages':[{'role':'user','content':'§'}]}"),
                TOKEN, TOKEN, null, twinChat, false));
        // what cannot be scanned: denied on the Tier 1 route, whatever it holds
        String b64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        // images: the twin goes to a route that declares it may receive them (allowed by policy, not by code)
        Function<String, String> dataImage = t("{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'hi'},"
                + "{'type':'image_url','image_url':{'url':'data:image/png;base64,§'}}]}]}");
        cases.add(new Case("image as a data URL", CHAT, dataImage, b64, b64, "iVBORw0KGgo=", null, false, VISION));
        Function<String, String> remoteImage = t("{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'hi'},"
                + "{'type':'image_url','image_url':{'url':'https://img.example.org/a.png?k=§'}}]}]}");
        cases.add(new Case("remote image URL / token", CHAT, remoteImage, TOKEN, TOKEN, "1", null, false, VISION));
        cases.add(new Case("remote image URL / e-mail", CHAT, remoteImage, EMAIL, EMAIL, "1", null, false, VISION));
        cases.add(new Case("remote image URL with a token on the route that accepts images", VISION, remoteImage, TOKEN, TOKEN, "1",
                null, false, VISION));
        cases.add(new Case("data URL in an unknown field", CHAT, t("{'model':'m','messages':[{'role':'user','content':'hi'}],'x':'data:text/plain;base64,§'}"),
                b64, b64, null, twinChat, false));
        cases.add(new Case("input audio", CHAT, t("{'model':'m','messages':[{'role':'user','content':[{'type':'input_audio','input_audio':{'data':'§','format':'wav'}}]}]}"),
                b64, b64, null, twinChat, false));
        cases.add(new Case("file data", CHAT, t("{'model':'m','messages':[{'role':'user','content':[{'type':'file','file':{'filename':'a.txt','file_data':'§'}}]}]}"),
                b64, b64, null, twinChat, false));
        cases.add(new Case("file id", CHAT, t("{'model':'m','messages':[{'role':'user','content':[{'type':'file','file':{'file_id':'file-§'}}]}]}"),
                "abc123", "file-abc123", null, twinChat, false));
        cases.add(new Case("responses previous_response_id", RESPONSES, t("{'model':'m','input':'hi','previous_response_id':'resp_§'}"),
                "abc123", "resp_abc123", null, "{\"model\":\"m\",\"input\":\"hi\"}", false));
        cases.add(new Case("responses input_image", RESPONSES, t("{'model':'m','input':[{'role':'user','content':[{'type':'input_image','image_url':'data:image/png;base64,§'}]}]}"),
                b64, b64, null, "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]}", false));
        cases.add(new Case("responses input_file", RESPONSES, t("{'model':'m','input':[{'role':'user','content':[{'type':'input_file','filename':'a','file_data':'§'}]}]}"),
                b64, b64, null, "{\"model\":\"m\",\"input\":\"hi\"}", false));
        cases.add(new Case("responses vector store search", RESPONSES, t("{'model':'m','input':'hi','tools':[{'type':'file_search','vector_store_ids':['vs_§']}]}"),
                "abc123", "vs_abc123", null, "{\"model\":\"m\",\"input\":\"hi\"}", false));
        cases.add(new Case("embeddings token arrays", EMBEDDINGS, t("{'model':'e','input':[[§,2,3]]}"), "4111", "4111", null,
                "{\"model\":\"e\",\"input\":[\"hi\"]}", false));
        cases.add(new Case("completions token array", COMPLETIONS, t("{'model':'m','prompt':[§,2,3]}"), "4111", "4111", null,
                "{\"model\":\"m\",\"prompt\":\"hi\"}", false));
        return cases.stream();
    }

    static String twinOfSplit() {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"card\"},{\"role\":\"user\",\"content\":\"thanks\"}]}";
    }

    @BeforeEach
    void recordingUpstream() {
        upstream.resetAll();
        upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"x\",\"object\":\"list\",\"data\":[]}")));
    }

    @Test
    void suiteIsLargeEnough() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void canaryNeverReachesTheTier1RouteAndTheTwinArrivesIntact(Case c) throws Exception {
        Answer hostile = send(c.path(), c.hostile());
        assertThat(hostile.statusCode()).as("status of %s", c).isLessThan(500);
        assertNoInternalDetail(hostile, c);
        for (LoggedRequest received : upstream.getAllServeEvents().stream().map(e -> e.getRequest()).toList()) {
            assertThat(flattened(received.getBodyAsString())).as("what the upstream received for %s", c)
                    .doesNotContain(c.canary());
        }

        upstream.resetRequests();
        Answer twin = send(c.twinPath(), c.twin());
        assertThat(twin.statusCode()).as("twin of %s: %s", c, twin.body()).isEqualTo(200);
        List<LoggedRequest> received = upstream.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
        assertThat(received).as("twin of %s forwarded once", c).hasSize(1);
        assertThat(JSON.readTree(received.get(0).getBody())).as("twin of %s arrives intact", c).isEqualTo(JSON.readTree(c.twin()));
    }

    /**
     * Sends with REST Assured. A body above the gateway's limit may be refused before it is all
     * written: the connection closing under the writer is a refusal too (status 0 here, and
     * nothing may have reached the upstream).
     */
    private static Answer send(String path, String body) {
        try {
            var response = given().auth().oauth2(Tokens.developer("mallory")).contentType("application/json")
                    .body(body.getBytes(StandardCharsets.UTF_8)).when().post(path);
            return new Answer(response.statusCode(), String.valueOf(response.contentType()), response.asString());
        } catch (Exception refusedWhileWriting) {
            if (body.length() <= 4 * 1024 * 1024) {
                throw refusedWhileWriting;
            }
            return new Answer(413, "application/problem+json", "");
        }
    }

    record Answer(int statusCode, String contentType, String body) {
    }

    private static void assertNoInternalDetail(Answer response, Case c) {
        String body = response.body();
        assertThat(body).as("answer to %s", c).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.")
                .doesNotContain("io.tiergate").doesNotContain("jackson").doesNotContain("com.fasterxml").doesNotContain(c.canary());
        if (response.statusCode() >= 400) {
            assertThat(response.contentType()).as("answer to %s", c).startsWith("application/problem+json");
        }
    }

    /**
     * Every text of a forwarded body, decoded, normalised (NFKC, zero-width characters removed)
     * and joined without separators (the values of role and type left out): a canary split over
     * fields, escaped or disguised shows up whole. A body that is not JSON is taken as it is.
     */
    static String flattened(String body) {
        StringBuilder out = new StringBuilder(body).append('\n');
        try {
            flatten(JSON.readTree(body), null, out);
        } catch (Exception notJson) {
            // the raw text above is all there is
        }
        return Normalizer.normalize(out.toString(), Normalizer.Form.NFKC).replaceAll("[\\u200B-\\u200D\\u2060\\uFEFF]", "");
    }

    private static void flatten(JsonNode node, String key, StringBuilder out) throws Exception {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().matches("[a-z_]*")) { // a field name of the API would only break up a split canary
                    out.append(field.getKey());
                }
                flatten(field.getValue(), field.getKey(), out);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                flatten(element, key, out);
            }
        } else if (node.isTextual()) {
            if (!"role".equals(key) && !"type".equals(key)) {
                out.append(node.textValue());
                String text = node.textValue().trim();
                if (text.startsWith("{") || text.startsWith("[")) {
                    try {
                        flatten(JSON.readTree(text), key, out);
                    } catch (Exception notJson) {
                        // text, taken as it is
                    }
                }
            }
        } else if (node.isNumber()) {
            out.append(node.decimalValue().toPlainString());
        }
    }
}
