package io.tiergate.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.GrantRows;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What comes back from an LLM route is classified, decided as llm.respond, redacted or refused, and recorded. */
@QuarkusTest
class AnswerGuardTest {

    @TestHTTPResource("/llm/answers/v1/chat/completions")
    URI endpoint;

    private static String chunk(String content) {
        return "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(content) + "}}]}";
    }

    private static String script(String... events) {
        String model = "script-" + UUID.randomUUID();
        UpstreamStubResource.ANSWERS.put(model, List.of(events));
        return model;
    }

    /**
     * A caller with a Tier 2 grant for the route: e-mail addresses in its answers are not redacted,
     * so its streams hold no open word back (docs/ARCHITECTURE.md, "Streamed answers").
     */
    private static String grantedCaller(String prefix) {
        String caller = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        GrantRows.activeOnRoute(caller, "answers");
        return caller;
    }

    /** The data lines of a streamed answer, as the caller reads them (stating the purpose of the fixture grants). */
    private List<String> stream(String model, String caller) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + Tokens.developer(caller)).header("Content-Type", "application/json")
                .header(Purposes.HEADER, GrantRows.PURPOSE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .build();
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = new ArrayList<>();
        response.body().filter(line -> line.startsWith("data: ")).forEach(line -> data.add(line.substring(6)));
        return data;
    }

    private static String contentOf(List<String> events) {
        StringBuilder text = new StringBuilder();
        for (String event : events) {
            if (event.startsWith("{\"id\"") || event.startsWith("{\"object\"")) {
                io.restassured.path.json.JsonPath json = io.restassured.path.json.JsonPath.from(event);
                String piece = json.getString("choices[0].delta.content");
                text.append(piece == null ? "" : piece);
            }
        }
        return text.toString();
    }

    private static List<Map<String, Object>> events(String subject) {
        return given().auth().oauth2(Tokens.auditor("audrey")).queryParam("actor", subject)
                .when().get("/api/audit/events").then().statusCode(200).extract().jsonPath().getList("events");
    }

    @Test
    void relaysACleanStreamUnchangedAndUnbatched() throws Exception {
        // Every word ends its event: a stream holding open words would send each one an event late.
        String[] words = {"The", " answer", " is", " forty", " two."};
        String model = script(chunk(words[0]), chunk(words[1]), chunk(words[2]), chunk(words[3]), chunk(words[4]), "[DONE]");
        List<String> events = stream(model, grantedCaller("carol"));
        assertThat(events).hasSize(6);
        for (int i = 0; i < words.length; i++) {
            assertThat(io.restassured.path.json.JsonPath.from(events.get(i)).getString("choices[0].delta.content"))
                    .isEqualTo(words[i]);
        }
        assertThat(events.get(5)).isEqualTo("[DONE]");
    }

    @Test
    void sendsNothingOfAPrivateKeySplitAcrossThreeEvents() throws Exception {
        String caller = "key-" + UUID.randomUUID().toString().substring(0, 6);
        String model = script(chunk("Here it is: -----BEGIN RSA PRI"), chunk("VATE KEY-----\nMIIEowIBAAKCAQEA7x0e3Yq1bD8M"),
                chunk("q9sdf8\n-----END RSA PRIVATE KEY----- done"), "[DONE]");
        List<String> events = stream(model, caller);
        String text = contentOf(events);
        assertThat(String.join("\n", events)).doesNotContain("BEGIN").doesNotContain("MIIE").doesNotContain("RSA PRI")
                .doesNotContain("END RSA");
        assertThat(text).isEqualTo("Here it is: <PRIVATE_KEY_1> done");
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        Map<String, Object> respond = events(caller).stream().filter(e -> "llm.respond".equals(e.get("action"))).findFirst()
                .orElseThrow();
        Map<String, Object> invoke = events(caller).stream().filter(e -> "llm.invoke".equals(e.get("action"))).findFirst()
                .orElseThrow();
        assertThat(respond.get("target_id")).isEqualTo(invoke.get("event_id"));
        assertThat(respond.get("reasons")).isEqualTo(List.of("response_redacted"));
    }

    @Test
    void replacesAnEmailAddressInAStreamForACallerWithoutGrant() throws Exception {
        String model = script(chunk("Write to bob"), chunk(".smith"), chunk("@example"), chunk(".com today"), "[DONE]");
        List<String> events = stream(model, "dave");
        assertThat(contentOf(events)).isEqualTo("Write to <EMAIL_1> today");
        assertThat(String.join("\n", events)).doesNotContain("example").doesNotContain("bob").doesNotContain("smith");
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    }

    @Test
    void relaysAnAddressAsItArrivesToACallerWithAGrantForTheRoute() throws Exception {
        String model = script(chunk("Write to bob"), chunk(".smith"), chunk("@example"), chunk(".com today"), "[DONE]");
        List<String> events = stream(model, grantedCaller("hana"));
        assertThat(contentOf(events)).isEqualTo("Write to bob.smith@example.com today");
        // no open word is held; only the address, once its '@' has arrived, waits for its domain
        assertThat(contentOf(events.subList(0, 1))).isEqualTo("Write to bob");
        assertThat(contentOf(events.subList(1, 2))).isEqualTo(".smith");
        assertThat(events).hasSize(5);
    }

    private static String logprobChunk(String token) {
        StringBuilder bytes = new StringBuilder();
        for (byte b : token.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            bytes.append(bytes.length() == 0 ? "" : ",").append(b & 0xff);
        }
        String quoted = com.fasterxml.jackson.databind.node.TextNode.valueOf(token).toString();
        return "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                + quoted + "},\"logprobs\":{\"content\":[{\"token\":" + quoted + ",\"logprob\":-0.1,\"bytes\":[" + bytes
                + "],\"top_logprobs\":[]}]}}]}";
    }

    /** The text the log-probability tokens of the events spell, and the text their bytes spell. */
    private static String[] logprobTextOf(List<String> events) {
        StringBuilder tokens = new StringBuilder();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String event : events) {
            if (!event.startsWith("{\"id\"") && !event.startsWith("{\"object\"")) {
                continue;
            }
            io.restassured.path.json.JsonPath json = io.restassured.path.json.JsonPath.from(event);
            List<Map<String, Object>> content = json.getList("choices[0].logprobs.content");
            for (Map<String, Object> token : content == null ? List.<Map<String, Object>>of() : content) {
                tokens.append(token.get("token"));
                for (Object b : (List<?>) token.get("bytes")) {
                    bytes.write(((Number) b).intValue());
                }
            }
        }
        return new String[] {tokens.toString(), bytes.toString(java.nio.charset.StandardCharsets.UTF_8)};
    }

    @Test
    void reassemblesLogprobTokensAcrossEventsAndRedactsTheAddressTheySpell() throws Exception {
        // Split after the '@'; the local part before it is held too, since the caller has no grant.
        String model = script(logprobChunk("Mail ann.lee@exa"), logprobChunk("mple"), logprobChunk(".org now"), "[DONE]");
        List<String> events = stream(model, "gina");
        String all = String.join("\n", events);
        assertThat(all).doesNotContain("exa").doesNotContain("ann.lee").doesNotContain("mple.org");
        assertThat(contentOf(events)).isEqualTo("Mail <EMAIL_1> now");
        assertThat(logprobTextOf(events)).containsExactly("Mail <EMAIL_1> now", "Mail <EMAIL_1> now");
    }

    @Test
    void endsATruncatedStreamWithAnErrorEventAndRecordsTheFailure() throws Exception {
        String caller = "cut-" + UUID.randomUUID().toString().substring(0, 6);
        String model = script(chunk("Half an"), UpstreamStubResource.CUT);
        List<String> events = stream(model, caller);
        // the open word "an" could still have become an address's local part (no grant): it never leaves
        assertThat(contentOf(events)).isEqualTo("Half ");
        String last = events.get(events.size() - 1);
        assertThat(io.restassured.path.json.JsonPath.from(last).getString("error.code")).isEqualTo("upstream_failed");
        assertThat(events(caller)).anySatisfy(e -> {
            assertThat(e.get("kind")).isEqualTo("outcome");
            assertThat(e.get("outcome")).isEqualTo("upstream_failed");
        });
    }

    @Test
    void redactsAWholeAnswerAndRefusesGarbageWith502() {
        String model = script("{\"id\":\"chatcmpl-3\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Mail ann.lee@example.org\"},\"finish_reason\":\"stop\"}]}");
        given().auth().oauth2(Tokens.developer("erin")).contentType("application/json")
                .body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post(endpoint).then().statusCode(200)
                .header(LlmProxy.ANSWER_REDACTED_HEADER, "EMAIL")
                .body("choices[0].message.content", org.hamcrest.Matchers.equalTo("Mail <EMAIL_1>"));
        String garbage = script("{\"id\":\"chatcmpl-4\",\"choices\":[{\"message\":");
        given().auth().oauth2(Tokens.developer("erin")).contentType("application/json")
                .body("{\"model\":\"" + garbage + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post(endpoint).then().statusCode(502).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo("upstream_payload_malformed"));
    }

    @Test
    void refusesAWholeAnswerHoldingCustomerCodeWith403() {
        String model = script("{\"id\":\"chatcmpl-5\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + CUSTOMER_CODE + "\"},\"finish_reason\":\"stop\"}]}");
        given().auth().oauth2(Tokens.developer("frank")).contentType("application/json")
                .body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post(endpoint).then().statusCode(403).contentType("application/problem+json")
                .body("reasons", org.hamcrest.Matchers.hasItem("tier2_response_requires_grant"));
    }

    static final String CUSTOMER_CODE = "package com.acme.billing;\\n\\nimport java.util.List;\\n\\npublic class Invoice {\\n"
            + "    private final List<String> lines;\\n    public Invoice(List<String> lines) { this.lines = lines; }\\n"
            + "    public int count() { return lines.size(); }\\n}\\n";
}
