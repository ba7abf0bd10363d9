package io.tiergate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.proxy.scan.RequestDocument;
import java.util.Set;

/**
 * The OpenAI endpoints a route serves below {@code /llm/{route}/v1}, each with its policy action,
 * where it accepts token arrays (which cannot be scanned), and the little shape it must have for
 * the gateway to know what it forwards. Everything else in a body is walked and scanned, whatever it is.
 */
public enum LlmEndpoint {
    CHAT_COMPLETIONS("chat/completions", Action.LLM_INVOKE, Set.of(),
            new Doc("chatCompletion", "ChatCompletionRequest", "OpenAI-compatible chat completion through an LLM route",
                    "Point an OpenAI client at /llm/{route}/v1 with an OIDC access token as its API key.")),
    COMPLETIONS("completions", Action.LLM_INVOKE, Set.of("/prompt"),
            new Doc("completion", "CompletionRequest", "OpenAI-compatible (legacy) completion through an LLM route", null)),
    RESPONSES("responses", Action.LLM_INVOKE, Set.of(),
            new Doc("response", "ResponseRequest", "OpenAI-compatible Responses API call through an LLM route", null)),
    EMBEDDINGS("embeddings", Action.LLM_EMBED, Set.of("/input"),
            new Doc("embeddings", "EmbeddingsRequest", "OpenAI-compatible embeddings through an LLM route", "Decided as llm.embed."));

    /** Every endpoint's path, as the alternatives of a JAX-RS path template ({@code ProxyResource}); a test keeps it complete. */
    public static final String PATHS = "chat/completions|completions|responses|embeddings";

    /** How the endpoint is documented in the OpenAPI document: its operation id, request schema (META-INF/openapi.yaml) and summary. */
    record Doc(String operationId, String requestSchema, String summary, String description) {
    }

    private final String path;
    private final Action action;
    private final Set<String> tokenArrayPointers;
    final Doc doc;

    LlmEndpoint(String path, Action action, Set<String> tokenArrayPointers, Doc doc) {
        this.path = path;
        this.action = action;
        this.tokenArrayPointers = tokenArrayPointers;
        this.doc = doc;
    }

    /** The endpoint at {@code path} below a route's base URL (one of {@link #PATHS}: the server matched it). */
    public static LlmEndpoint at(String path) {
        for (LlmEndpoint endpoint : values()) {
            if (endpoint.path.equals(path)) {
                return endpoint;
            }
        }
        throw new IllegalArgumentException("no LLM endpoint at " + path);
    }

    /** The path below the route's base URL, e.g. {@code chat/completions}. */
    public String path() {
        return path;
    }

    public Action action() {
        return action;
    }

    /** Parses and walks a request body for this endpoint; a body it cannot be is a 400 problem. */
    public RequestDocument read(byte[] body) {
        RequestDocument document = RequestDocument.parse(body, tokenArrayPointers);
        checkShape(document.root());
        return document;
    }

    private void checkShape(JsonNode root) {
        if (!root.isObject()) {
            throw new BadRequestProblem("invalid_request", "The request body must be a JSON object.");
        }
        switch (this) {
            case CHAT_COMPLETIONS -> {
                JsonNode messages = root.get("messages");
                if (messages == null || !messages.isArray() || messages.isEmpty()) {
                    throw new BadRequestProblem("invalid_request", "'messages' must be a non-empty array.");
                }
                for (int i = 0; i < messages.size(); i++) {
                    JsonNode message = messages.get(i);
                    if (!message.isObject()) {
                        throw new BadRequestProblem("invalid_request", "messages[" + i + "] must be an object.");
                    }
                    JsonNode content = message.get("content");
                    if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
                        throw new BadRequestProblem("invalid_request",
                                "messages[" + i + "].content must be a string or an array of content parts.");
                    }
                }
            }
            case COMPLETIONS -> requireTextOrArray(root, "prompt");
            case EMBEDDINGS -> requireTextOrArray(root, "input");
            case RESPONSES -> {
                JsonNode input = root.get("input");
                if (input != null && !input.isTextual() && !input.isArray()) {
                    throw new BadRequestProblem("invalid_request", "'input' must be a string or an array of input items.");
                }
            }
        }
        JsonNode stream = root.get("stream");
        if (stream != null && !stream.isBoolean() && !stream.isNull()) {
            throw new BadRequestProblem("invalid_request", "'stream' must be true or false.");
        }
    }

    private static void requireTextOrArray(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !(value.isTextual() || value.isArray() && !value.isEmpty())) {
            throw new BadRequestProblem("invalid_request", "'" + field + "' must be a string or a non-empty array.");
        }
    }
}
