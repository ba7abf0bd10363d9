package io.tiergate.proxy.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tiergate.policy.PolicyInput.Unscannable;
import io.tiergate.proxy.scan.RequestDocument.Embedded;
import io.tiergate.proxy.scan.RequestDocument.KeyOf;
import io.tiergate.proxy.scan.RequestDocument.Piece;
import io.tiergate.proxy.scan.RequestDocument.PieceKind;
import io.tiergate.proxy.scan.RequestDocument.Slot;
import io.tiergate.proxy.scan.RequestDocument.ValueInArray;
import io.tiergate.proxy.scan.RequestDocument.ValueInObject;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a whole request document, not a list of known fields: every object key, every string and
 * every number becomes a {@link Piece} with its JSON pointer, whatever field it sits in. A string
 * that holds JSON (tool-call arguments, tool results) is parsed and walked as JSON, so that escapes
 * hide nothing; one that does not is a text like any other. Values of the few enumerated fields
 * ({@link EnumeratedFields}) that are on their closed list are protocol words and left out. What
 * cannot be scanned (images, audio, file data, data URLs, token arrays, references to content held
 * by the vendor) is listed with its kind, size when known, and pointer; its payload is not classified.
 */
final class DocumentWalker {

    /** JSON inside JSON inside ... a string: deeper than this is scanned as text. */
    private static final int MAX_EMBEDDED_DEPTH = 3;

    /** Keys whose (non-null) value names content held elsewhere, by kind. */
    private static final Map<String, String> REFERENCE_KEYS = Map.of(
            "file_id", "file_reference",
            "file_ids", "file_reference",
            "previous_response_id", "response_reference",
            "conversation", "conversation_reference",
            "vector_store_ids", "vector_store_reference");

    private final Set<String> tokenArrayPointers;
    private final List<Piece> pieces = new ArrayList<>();
    private final List<Unscannable> unscannable = new ArrayList<>();

    private DocumentWalker(Set<String> tokenArrayPointers) {
        this.tokenArrayPointers = tokenArrayPointers;
    }

    /**
     * The document's pieces and unscannable content. {@code tokenArrayPointers} names where the
     * endpoint accepts token arrays instead of text (embeddings' {@code /input}, completions'
     * {@code /prompt}). Throws a 400 problem when a key rule is broken anywhere, embedded JSON included.
     */
    static RequestDocument walk(JsonNode root, Set<String> tokenArrayPointers) {
        DocumentWalker walker = new DocumentWalker(tokenArrayPointers);
        walker.node(root, "", null, null, null, null);
        return new RequestDocument(root, walker.pieces, walker.unscannable);
    }

    /**
     * @param key the key holding this node ({@code null} in an array or at the root)
     * @param slot where the node sits, to rewrite it
     * @param media the unscannable kind of the part this node belongs to, when it is one (its data URL is then that kind)
     */
    private void node(JsonNode node, String pointer, String key, Slot slot, Embedded embedded, String media) {
        if (node instanceof ObjectNode object) {
            object(object, pointer, embedded, media);
        } else if (node instanceof ArrayNode array) {
            array(array, pointer, embedded, media);
        } else if (node.isTextual()) {
            text(node.textValue(), pointer, key, slot, embedded, media);
        } else if (node.isNumber()) {
            keepFloatingPoint(node, slot);
            pieces.add(new Piece(pointer, PieceKind.NUMBER, numberText(node), slot, embedded));
        }
        // booleans and nulls carry nothing
    }

    private void object(ObjectNode object, String pointer, Embedded embedded, String media) {
        StrictJson.checkObjectKeys(object);
        JsonNode type = object.get("type");
        if (type != null && "item_reference".equals(type.textValue())) {
            unscannable.add(new Unscannable("item_reference", null, Pointers.safe(pointer)));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            String at = pointer + "/" + escape(name);
            if (!EnumeratedFields.isApiField(name)) {
                pieces.add(new Piece(at, PieceKind.KEY, name, new KeyOf(object, name), embedded));
            }
            String kind = mediaKind(name, value);
            if (opaquePayload(name, media) && value.isTextual()) {
                if (media == null) { // a payload of its own; inside a media part the part is listed already
                    unscannable.add(new Unscannable(kind, base64Bytes(value.textValue()), Pointers.safe(at)));
                }
                continue;
            }
            if (kind != null && !value.isNull()) {
                if (!containsDataUrl(value)) { // a data URL is listed where it sits, with its size
                    unscannable.add(new Unscannable(kind, payloadBytes(name, value), Pointers.safe(at)));
                }
                node(value, at, name, new ValueInObject(object, name), embedded, kind);
                continue;
            }
            node(value, at, name, new ValueInObject(object, name), embedded, media);
        }
    }

    /** The unscannable kind a field introduces, or null: media parts by their key, references by theirs. */
    private static String mediaKind(String name, JsonNode value) {
        switch (name) {
            case "image_url":
                return "image";
            case "input_audio":
                return "audio";
            case "file_data":
            case "file_url":
                return "file";
            case "audio":
                return value.isObject() && value.has("id") ? "audio_reference" : null;
            case "prompt":
                return value.isObject() && value.has("id") ? "prompt_reference" : null;
            default:
                String reference = REFERENCE_KEYS.get(name);
                if (reference != null && value.isTextual() && value.textValue().isEmpty()) {
                    return null;
                }
                return reference;
        }
    }

    /** Base64 payloads of a media part: listed as unscannable, never classified. */
    private static boolean opaquePayload(String name, String media) {
        return "file_data".equals(name) || ("data".equals(name) && "audio".equals(media));
    }

    private static boolean containsDataUrl(JsonNode value) {
        if (value.isTextual()) {
            return isDataUrl(value.textValue());
        }
        JsonNode url = value.get("url");
        return url != null && url.isTextual() && isDataUrl(url.textValue());
    }

    private static Long payloadBytes(String name, JsonNode value) {
        if ("input_audio".equals(name)) {
            JsonNode data = value.get("data");
            return data != null && data.isTextual() ? base64Bytes(data.textValue()) : null;
        }
        return null;
    }

    private void array(ArrayNode array, String pointer, Embedded embedded, String media) {
        if (embedded == null && tokenArrayPointers.contains(pointer) && isTokenArray(array)) {
            unscannable.add(new Unscannable("tokens", null, Pointers.safe(pointer)));
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            node(array.get(i), pointer + "/" + i, null, new ValueInArray(array, i), embedded, media);
        }
    }

    /** An array of integers, or an array of arrays of integers: token ids, not text. */
    private static boolean isTokenArray(ArrayNode array) {
        if (array.isEmpty()) {
            return false;
        }
        for (JsonNode element : array) {
            boolean tokens = element.isIntegralNumber()
                    || element.isArray() && !element.isEmpty() && allIntegral((ArrayNode) element);
            if (!tokens) {
                return false;
            }
        }
        return true;
    }

    private static boolean allIntegral(ArrayNode array) {
        for (JsonNode element : array) {
            if (!element.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    private void text(String value, String pointer, String key, Slot slot, Embedded embedded, String media) {
        StrictJson.checkText(value);
        if (EnumeratedFields.exempt(key, value)) {
            return;
        }
        if (isDataUrl(value)) {
            int comma = value.indexOf(',');
            unscannable.add(new Unscannable(media != null ? media : "data_url", base64Bytes(value.substring(comma + 1)), Pointers.safe(pointer)));
            return;
        }
        int depth = embedded == null ? 0 : embedded.depth();
        if (depth < MAX_EMBEDDED_DEPTH && looksLikeJson(value)) {
            JsonNode parsed = StrictJson.parseEmbedded(value);
            if (parsed != null && parsed.isContainerNode()) {
                Embedded inner = new Embedded(parsed, slot, embedded);
                node(parsed, pointer, key, null, inner, media);
                return;
            }
        }
        pieces.add(new Piece(pointer, PieceKind.STRING, value, slot, embedded));
    }

    /** A {@code data:} URL: an inline payload (usually base64) that no detector can read. */
    static boolean isDataUrl(String value) {
        return value.length() > 5 && value.regionMatches(true, 0, "data:", 0, 5) && value.indexOf(',') > 0;
    }

    private static boolean looksLikeJson(String value) {
        int first = 0;
        int last = value.length() - 1;
        while (first <= last && Character.isWhitespace(value.charAt(first))) {
            first++;
        }
        while (last > first && Character.isWhitespace(value.charAt(last))) {
            last--;
        }
        if (last <= first) {
            return false;
        }
        char open = value.charAt(first);
        char close = value.charAt(last);
        return open == '{' && close == '}' || open == '[' && close == ']';
    }

    /** Decoded size of a base64 text, roughly (what the upstream would receive). */
    private static Long base64Bytes(String base64) {
        return (long) (base64.length() * 3L / 4);
    }

    /**
     * {@code 4.2e1} is read as the decimal 42 and would be written {@code 42}, an integer to the
     * upstream's decoder: a number written with a fraction or exponent is written with one again.
     */
    private static void keepFloatingPoint(JsonNode number, Slot slot) {
        if (number.isBigDecimal() && number.decimalValue().scale() <= 0 && slot != null) {
            BigDecimal decimal = number.decimalValue();
            if (decimal.precision() - decimal.scale() <= 64) {
                RequestDocument.write(slot, DecimalNode.valueOf(decimal.setScale(1)));
            }
        }
    }

    /** A number as the classifier sees it: its digits, without exponent notation unless the exponent is huge. */
    static String numberText(JsonNode number) {
        if (number.isBigDecimal() || number.isFloatingPointNumber()) {
            BigDecimal decimal = number.decimalValue();
            return Math.abs(decimal.scale()) <= 64 ? decimal.toPlainString() : decimal.toString();
        }
        return number.asText();
    }

    /** A key as a JSON pointer segment (RFC 6901). */
    static String escape(String name) {
        if (name.indexOf('~') < 0 && name.indexOf('/') < 0) {
            return name;
        }
        return name.replace("~", "~0").replace("/", "~1");
    }
}
