package io.tiergate.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.PayloadTooLargeProblem;
import io.tiergate.http.ProblemException;
import java.io.IOException;

/**
 * The text of a {@code POST /api/classify} body, {@code {"text": "..."}}, checked before the engine
 * sees it: valid UTF-8, JSON of that shape, not empty, not binary, not longer than the limit.
 * Every refusal is a problem document with its own code; none of them quotes the text.
 */
public final class ClassifyRequest {

    private ClassifyRequest() {
    }

    /** The text to classify, or a {@link ProblemException} saying what is wrong with the body. */
    public static String text(byte[] body, ObjectMapper mapper, int maxChars) {
        if (body == null || body.length == 0) {
            throw new BadRequestProblem("invalid_request", "Send a JSON object with the text to classify: {\"text\": \"...\"}.");
        }
        String json = StrictUtf8.decode(body)
                .orElseThrow(() -> new BadRequestProblem("invalid_utf8", "The request body is not valid UTF-8."));
        JsonNode document;
        try {
            document = mapper.readTree(json);
        } catch (IOException e) {
            throw new BadRequestProblem("invalid_json", "The request body is not valid JSON.");
        }
        JsonNode text = document == null ? null : document.get("text");
        if (text == null || !text.isTextual()) {
            throw new BadRequestProblem("invalid_request", "Send a JSON object with the text to classify: {\"text\": \"...\"}.");
        }
        String value = text.textValue();
        if (value.isBlank()) {
            throw new BadRequestProblem("empty_text", "'text' is empty: there is nothing to classify.");
        }
        if (value.length() > maxChars) {
            throw new PayloadTooLargeProblem("'text' has " + value.length()
                    + " characters; at most " + maxChars + " are classified in one request (tiergate.classify.max-text-chars). "
                    + "Split it, or use the command-line classifier for files.");
        }
        if (looksBinary(value)) {
            throw new BadRequestProblem("binary_content", "'text' holds binary data (NUL or other control "
                    + "characters); only text is classified. Decode it to text first.");
        }
        return value;
    }

    /** A NUL, or more than 1 % control characters other than tab, line breaks and form feed. */
    static boolean looksBinary(String text) {
        int controls = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return true;
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) {
                controls++;
            }
        }
        return controls > 0 && controls * 100L > text.length();
    }
}
