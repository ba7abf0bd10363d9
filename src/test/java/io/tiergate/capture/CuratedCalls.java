package io.tiergate.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.ValidatableResponse;
import io.tiergate.testing.CaptureRows;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Captured calls on the test routes {@code curated} (Tier 1) and {@code curated-private} (Tier 2), and the workflow that grants their captures. */
final class CuratedCalls {

    static final String EMAIL = "maria.lopez@acmecorp.com";

    private CuratedCalls() {
    }

    /** A fresh caller, so that grants of one test never serve another. */
    static String newCaller(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A chat call by {@code caller} on {@code route} answered {@code answer} as a whole; returns its inference id once its capture is written. */
    static String captured(String route, String caller, String system, String prompt, String answer) {
        String model = "script-" + UUID.randomUUID();
        UpstreamStubResource.ANSWERS.put(model, List.of("{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + answer + "\"},\"finish_reason\":\"stop\"}]}"));
        String messages = (system == null ? "" : "{\"role\":\"system\",\"content\":\"" + system + "\"},")
                + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}";
        String id = given().auth().oauth2(Tokens.developer(caller)).contentType("application/json")
                .header("X-Tiergate-Purpose", "debugging")
                .body("{\"model\":\"" + model + "\",\"messages\":[" + messages + "]}")
                .when().post("/llm/" + route + "/v1/chat/completions")
                .then().statusCode(200).extract().header(Captures.INFERENCE_ID_HEADER);
        assertThat(id).isNotNull();
        CaptureRows.awaitCapture(id);
        return id;
    }

    /** A moment before the next call's capture time (taken when the gateway has the call) and after every earlier one. */
    static Instant before() {
        return Instant.now();
    }

    /** A moment safely after every capture written so far. */
    static Instant after() {
        return Instant.now().plus(Duration.ofSeconds(2));
    }

    /** {@code caller} asks for access to {@code dataset} for {@code purpose}, and a privacy approver approves it. */
    static void granted(String caller, String dataset, String purpose) {
        String id = given().auth().oauth2(Tokens.developer(caller)).contentType("application/json")
                .body(Map.of("resource", Map.of("kind", "dataset", "name", dataset), "purpose", purpose,
                        "justification", "Building the evaluation set of ticket TG-1234", "duration", "PT1H"))
                .when().post("/api/access-requests").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.approver(newCaller("pia"))).contentType("application/json").body(Map.of())
                .when().post("/api/access-requests/" + id + "/approve").then().statusCode(200);
    }

    /** {@code caller} reads {@code route}'s captures in {@code [from, to)}, stating {@code purpose} (none when null). */
    static ValidatableResponse read(String caller, String route, String purpose, Instant from, Instant to, String extraQuery) {
        var request = given().auth().oauth2(Tokens.developer(caller));
        if (purpose != null) {
            request = request.header("X-Tiergate-Purpose", purpose);
        }
        return request.when().get("/api/captures/" + route + "?from=" + from + "&to=" + to + (extraQuery == null ? "" : "&" + extraQuery))
                .then();
    }
}
