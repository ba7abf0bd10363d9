package io.tiergate.proxy.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tiergate.policy.PolicyInput.Unscannable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request body as Tiergate understands it: the parsed document (the canonical request, the only
 * thing ever forwarded), every piece of text in it in document order (object keys, string values,
 * numbers, and the same inside JSON held in strings) with the JSON pointer where it sits, and what
 * it holds that cannot be scanned. Pieces can be rewritten where they sit; {@link #bytes()} is the
 * re-serialisation, with JSON held in a string encoded again into its string.
 */
public final class RequestDocument {

    /** What a piece of text is in the document. */
    public enum PieceKind {
        KEY,
        STRING,
        NUMBER
    }

    /**
     * One text of the document: where it sits ({@code pointer}; inside JSON held in a string the
     * pointer runs on into that JSON), what it is, and the text the classifier sees. Pieces are
     * told apart by identity (two equal texts at one pointer are still two pieces).
     */
    public record Piece(String pointer, PieceKind kind, String text, Slot slot, Embedded embedded) {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** Where a piece sits: a value in an object or array, or an object's key. */
    sealed interface Slot {
    }

    record ValueInObject(ObjectNode parent, String field) implements Slot {
    }

    record ValueInArray(ArrayNode parent, int index) implements Slot {
    }

    record KeyOf(ObjectNode parent, String field) implements Slot {
    }

    /** JSON held in a string of the document (or of JSON held in a string): its tree and its string's slot. */
    record Embedded(JsonNode root, Slot host, Embedded parent, int depth) {
        Embedded(JsonNode root, Slot host, Embedded parent) {
            this(root, host, parent, parent == null ? 1 : parent.depth + 1);
        }
    }

    private final JsonNode root;
    private final List<Piece> pieces;
    private final List<Unscannable> unscannable;
    private final Map<Piece, String> replacements = new LinkedHashMap<>();

    RequestDocument(JsonNode root, List<Piece> pieces, List<Unscannable> unscannable) {
        this.root = root;
        this.pieces = List.copyOf(pieces);
        this.unscannable = List.copyOf(unscannable);
    }

    /**
     * Parses a request body strictly and walks all of it. {@code tokenArrayPointers} names where
     * the endpoint takes token arrays instead of text. Any broken rule is a 400 problem.
     */
    public static RequestDocument parse(byte[] body, Set<String> tokenArrayPointers) {
        return DocumentWalker.walk(StrictJson.parse(body), tokenArrayPointers);
    }

    /** The parsed document (a JSON object). */
    public JsonNode root() {
        return root;
    }

    /** Every text of the document, in document order. */
    public List<Piece> pieces() {
        return pieces;
    }

    /** What the document holds that cannot be scanned: media, payloads, references to content held elsewhere. */
    public List<Unscannable> unscannable() {
        return unscannable;
    }

    /** Whether the caller asked for a streamed answer ({@code "stream": true}). */
    public boolean stream() {
        JsonNode stream = root.get("stream");
        return stream != null && stream.isBoolean() && stream.booleanValue();
    }

    /** Rewrites one piece (applied by {@link #bytes()}); a number becomes a string. */
    public void replace(Piece piece, String text) {
        if (!text.equals(piece.text())) {
            replacements.put(piece, text);
        }
    }

    /**
     * The parsed object with every replacement applied, for what the gateway itself sets on it (a
     * variant's model): what is set there is forwarded by {@link #bytes()}, and none of it is the caller's.
     */
    public ObjectNode edited() {
        if (!replacements.isEmpty()) {
            applyReplacements();
        }
        return (ObjectNode) root;
    }

    /** The document as it is forwarded: its re-serialisation, with every replacement applied where it sits. */
    public byte[] bytes() {
        if (!replacements.isEmpty()) {
            applyReplacements();
        }
        return StrictJson.write(root);
    }

    /**
     * Deepest JSON-in-a-string first: its values, then its keys, then its text written back into
     * its host string; the document itself last. A key is renamed after the values below it, so
     * that every slot still names what it named when the document was walked.
     */
    private void applyReplacements() {
        Map<Embedded, List<Piece>> byDocument = new IdentityHashMap<>();
        List<Piece> ofRoot = new ArrayList<>();
        for (Piece piece : replacements.keySet()) {
            if (piece.embedded() == null) {
                ofRoot.add(piece);
            } else {
                byDocument.computeIfAbsent(piece.embedded(), e -> new ArrayList<>()).add(piece);
            }
        }
        List<Embedded> touched = new ArrayList<>(byDocument.keySet());
        // a changed inner document changes every document around it
        for (Embedded e : List.copyOf(touched)) {
            for (Embedded p = e.parent; p != null; p = p.parent) {
                if (!byDocument.containsKey(p)) {
                    byDocument.put(p, new ArrayList<>());
                    touched.add(p);
                }
            }
        }
        touched.sort(Comparator.comparingInt((Embedded e) -> e.depth).reversed());
        for (Embedded e : touched) {
            apply(byDocument.get(e));
            write(e.host, TextNode.valueOf(StrictJson.writeString(e.root)));
        }
        apply(ofRoot);
        replacements.clear();
    }

    private void apply(List<Piece> rewritten) {
        for (Piece piece : rewritten) {
            if (!(piece.slot() instanceof KeyOf)) {
                write(piece.slot(), TextNode.valueOf(replacements.get(piece)));
            }
        }
        for (Piece piece : rewritten) {
            if (piece.slot() instanceof KeyOf key) {
                rename(key.parent(), key.field(), replacements.get(piece));
            }
        }
    }

    static void write(Slot slot, JsonNode value) {
        if (slot instanceof ValueInObject v) {
            v.parent().set(v.field(), value);
        } else if (slot instanceof ValueInArray v) {
            v.parent().set(v.index(), value);
        } else {
            throw new IllegalStateException("a key slot holds no value");
        }
    }

    /** Renames one key in place, keeping the order of the object's fields. */
    private static void rename(ObjectNode object, String from, String to) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
        object.removeAll();
        for (Map.Entry<String, JsonNode> field : fields) {
            String name = field.getKey().equals(from) ? free(object, fields, to) : field.getKey();
            object.set(name, field.getValue());
        }
    }

    /** {@code name}, or a numbered variant when the object already has that key (never merge two fields). */
    private static String free(ObjectNode object, List<Map.Entry<String, JsonNode>> fields, String name) {
        String candidate = name;
        for (int n = 2; object.has(candidate) || hasKey(fields, candidate); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }

    private static boolean hasKey(List<Map.Entry<String, JsonNode>> fields, String name) {
        return fields.stream().anyMatch(f -> f.getKey().equals(name));
    }
}
