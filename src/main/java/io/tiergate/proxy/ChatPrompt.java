package io.tiergate.proxy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tiergate.http.BadRequestProblem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text an OpenAI chat completion request carries: every message's content, whether a plain
 * string or a list of parts, each with the JSON pointer where it sits (so that it can be
 * rewritten in place), and whether the caller asked for a stream.
 */
public record ChatPrompt(JsonNode document, List<Segment> segments, boolean stream) {

    /** One piece of text and where it sits in the request document. */
    public record Segment(JsonPointer location, String text) {
    }

    public ChatPrompt {
        segments = List.copyOf(segments);
    }

    /** Replaces a segment's text in the request document, where it sits. */
    public void replace(Segment segment, String text) {
        JsonNode parent = document.at(segment.location().head());
        if (parent instanceof ObjectNode object) {
            object.put(segment.location().last().getMatchingProperty(), text);
        } else if (parent instanceof ArrayNode array) {
            array.set(segment.location().last().getMatchingIndex(), TextNode.valueOf(text));
        } else {
            throw new IllegalStateException("segment " + segment.location() + " is not inside an object or array");
        }
    }

    /** Parses a request body, refusing anything that is not a chat completion request. */
    public static ChatPrompt parse(byte[] body, ObjectMapper mapper) {
        JsonNode document;
        try {
            document = mapper.readTree(body);
        } catch (IOException e) {
            throw new BadRequestProblem("invalid_json", "The request body is not valid JSON.");
        }
        if (document == null || !document.isObject()) {
            throw new BadRequestProblem("invalid_request", "The request body must be a JSON object.");
        }
        JsonNode messages = document.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new BadRequestProblem("invalid_request", "'messages' must be a non-empty array.");
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw new BadRequestProblem("invalid_request", "messages[" + i + "] must be an object.");
            }
            collect(message.get("content"), "/messages/" + i + "/content", i, segments);
        }
        JsonNode stream = document.get("stream");
        return new ChatPrompt(document, segments, stream != null && stream.asBoolean(false));
    }

    private static void collect(JsonNode content, String pointer, int index, List<Segment> segments) {
        if (content == null || content.isNull()) {
            return; // e.g. an assistant message that only calls tools
        }
        if (content.isTextual()) {
            segments.add(new Segment(JsonPointer.compile(pointer), content.textValue()));
        } else if (content.isArray()) {
            for (int p = 0; p < content.size(); p++) {
                JsonNode text = content.get(p).get("text");
                if (text != null && text.isTextual()) {
                    segments.add(new Segment(JsonPointer.compile(pointer + "/" + p + "/text"), text.textValue()));
                }
            }
        } else {
            throw new BadRequestProblem("invalid_request",
                    "messages[" + index + "].content must be a string or an array of content parts.");
        }
    }
}
