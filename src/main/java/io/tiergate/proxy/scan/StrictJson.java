package io.tiergate.proxy.scan;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tiergate.http.BadRequestProblem;
import java.io.IOException;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies strictly and writes the documents Tiergate forwards. A duplicate key at any
 * depth is refused ({@code duplicate_key}), and so are two keys of one object that differ only by
 * case or by a compatibility form ({@code case_variant_key}): upstream decoders that match keys
 * case-insensitively (Go's encoding/json, for one) would read the one the gateway did not scan.
 * Trailing content, lone surrogates and nesting deeper than {@value #MAX_DEPTH} are refused too.
 * Numbers keep their exact text (big decimals, no rounding), so what is written is what was read.
 */
public final class StrictJson {

    /** Deepest nesting of arrays and objects accepted; OpenAI requests (JSON schemas included) stay far below. */
    public static final int MAX_DEPTH = 64;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    private StrictJson() {
    }

    /** Parses a request body; anything that is not one strict JSON document is a 400 problem. */
    public static JsonNode parse(byte[] body) {
        JsonNode document = read(body);
        if (document == null || document.isMissingNode()) {
            throw invalidJson();
        }
        return document;
    }

    /**
     * Parses JSON held in a string (tool-call arguments and the like): the document, or null when
     * the text is not JSON. JSON that breaks the key rules is refused as the body would be.
     */
    static JsonNode parseEmbedded(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonParseException e) {
            if (isDuplicate(e)) {
                throw duplicate();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The JSON text of a document as Tiergate forwards it. */
    public static byte[] write(JsonNode document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed document could not be written again", e);
        }
    }

    /** The JSON text of a document, as a string (for JSON held in a string). */
    static String writeString(JsonNode document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed document could not be written again", e);
        }
    }

    private static JsonNode read(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonParseException e) {
            throw isDuplicate(e) ? duplicate() : invalidJson();
        } catch (StreamConstraintsException e) {
            throw new BadRequestProblem("json_too_deep",
                    "The request body nests arrays and objects deeper than " + MAX_DEPTH + " levels.");
        } catch (IOException e) {
            throw invalidJson();
        }
    }

    /**
     * Refuses an object whose keys collide once case and compatibility forms are folded, and any
     * key or string value with a lone surrogate (it has no UTF-8 form: what would be forwarded is
     * not what was scanned).
     */
    static void checkObjectKeys(JsonNode object) {
        if (object.size() < 2) {
            object.fieldNames().forEachRemaining(StrictJson::checkText);
            return;
        }
        Map<String, String> folded = new HashMap<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            checkText(name);
            String previous = folded.putIfAbsent(fold(name), name);
            if (previous != null) {
                throw new BadRequestProblem("case_variant_key", "An object of the request body has two keys "
                        + "that differ only by case or by Unicode compatibility form; some upstreams would read either. Send each key once.");
            }
        }
    }

    /** Refuses a text with a lone surrogate. */
    static void checkText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new BadRequestProblem("invalid_json", "The request body holds a lone UTF-16 surrogate escape; "
                        + "send text as valid Unicode.");
            }
        }
    }

    /** The form two keys share when a case-insensitive or compatibility-folding decoder would confuse them. */
    static String fold(String key) {
        boolean plain = true;
        for (int i = 0; i < key.length() && plain; i++) {
            char c = key.charAt(i);
            plain = c < 0x80 && !(c >= 'A' && c <= 'Z');
        }
        if (plain) {
            return key;
        }
        String nfkc = Normalizer.normalize(key, Normalizer.Form.NFKC);
        return nfkc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    private static boolean isDuplicate(JsonParseException e) {
        String message = e.getOriginalMessage();
        return message != null && message.startsWith("Duplicate field");
    }

    private static BadRequestProblem duplicate() {
        return new BadRequestProblem("duplicate_key",
                "An object of the request body has the same key twice; send each key once.");
    }

    private static BadRequestProblem invalidJson() {
        return new BadRequestProblem("invalid_json", "The request body is not one valid JSON document.");
    }
}
