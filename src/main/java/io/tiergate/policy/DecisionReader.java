package io.tiergate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the policy's answer strictly: exactly the decision shape of the contract, or a deny with
 * {@link ReasonCodes#POLICY_RESULT_MALFORMED}. Shared by every engine so that they fail alike.
 */
public final class DecisionReader {

    private static final Set<String> DECISION_FIELDS = Set.of("allow", "reasons", "obligations");
    private static final Set<String> OBLIGATION_FIELDS = Set.of("redact", "mask_fields", "capture");

    private DecisionReader() {
    }

    /** Reads a decision document; {@code null} or a missing node means the policy was undefined. */
    public static Decision read(JsonNode result) {
        if (result == null || result.isMissingNode() || result.isNull()) {
            return Decision.deny(ReasonCodes.POLICY_RESULT_UNDEFINED);
        }
        try {
            if (!result.isObject() || !onlyFields(result, DECISION_FIELDS)) {
                throw new Malformed();
            }
            JsonNode obligations = result.get("obligations");
            if (obligations == null || !obligations.isObject() || !onlyFields(obligations, OBLIGATION_FIELDS)) {
                throw new Malformed();
            }
            return new Decision(
                    bool(result.get("allow")),
                    strings(result.get("reasons")),
                    new Decision.Obligations(
                            strings(obligations.get("redact")),
                            strings(obligations.get("mask_fields")),
                            capture(obligations.get("capture"))));
        } catch (Malformed e) {
            return Decision.deny(ReasonCodes.POLICY_RESULT_MALFORMED);
        }
    }

    private static boolean onlyFields(JsonNode node, Set<String> expected) {
        if (node.size() != expected.size()) {
            return false;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (!expected.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean bool(JsonNode node) {
        if (node == null || !node.isBoolean()) {
            throw new Malformed();
        }
        return node.booleanValue();
    }

    private static Decision.Capture capture(JsonNode node) {
        Decision.Capture capture = node != null && node.isTextual() ? Decision.Capture.of(node.textValue()) : null;
        if (capture == null) {
            throw new Malformed();
        }
        return capture;
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new Malformed();
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new Malformed();
            }
            values.add(item.textValue());
        }
        return values;
    }

    private static final class Malformed extends RuntimeException {
        Malformed() {
            super(null, null, false, false);
        }
    }
}
