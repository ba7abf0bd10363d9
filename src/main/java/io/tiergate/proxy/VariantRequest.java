package io.tiergate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tiergate.catalog.Variant;

/**
 * What a variant sets on the request it is sent, on the document that was scanned: its model
 * (replacing the caller's), its system prompt (a system message before the caller's messages for
 * chat, before the caller's instructions for responses; legacy completions have neither) and its
 * parameters. All of it is the gateway's own configuration, never the caller's content.
 */
final class VariantRequest {

    private VariantRequest() {
    }

    /** Sets {@code variant}'s model, system prompt and parameters on {@code root} (a request of {@code endpoint}). */
    static void apply(ObjectNode root, LlmEndpoint endpoint, Variant variant) {
        variant.parameters().forEach((key, value) -> root.set(key, value.deepCopy()));
        variant.model().ifPresent(model -> root.set("model", TextNode.valueOf(model)));
        variant.systemPrompt().ifPresent(prompt -> {
            switch (endpoint) {
                case CHAT_COMPLETIONS -> {
                    ArrayNode messages = (ArrayNode) root.get("messages");
                    messages.insert(0, root.objectNode().put("role", "system").put("content", prompt));
                }
                case RESPONSES -> {
                    JsonNode instructions = root.get("instructions");
                    root.put("instructions", instructions != null && instructions.isTextual() && !instructions.textValue().isEmpty()
                            ? prompt + "\n\n" + instructions.textValue() : prompt);
                }
                default -> {
                }
            }
        });
    }
}
