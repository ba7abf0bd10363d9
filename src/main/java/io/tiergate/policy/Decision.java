package io.tiergate.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Set;

/**
 * The policy's answer: allow or deny, the reason codes, and the obligations the gateway must
 * fulfil when it forwards. Never a bare boolean.
 */
public record Decision(boolean allow, List<String> reasons, Obligations obligations) {

    public Decision {
        reasons = List.copyOf(reasons);
    }

    /** A deny with one reason and no obligations: how every failure to decide ends. */
    public static Decision deny(String reason) {
        return new Decision(false, List.of(reason), Obligations.NONE);
    }

    /**
     * This decision, or a deny with {@link ReasonCodes#OBLIGATION_UNSUPPORTED} when it allows on
     * obligations the caller cannot fulfil: an obligation is never dropped silently.
     */
    public Decision requireSupported(Set<ObligationKind> supported) {
        if (!allow) {
            return this;
        }
        boolean unsupported = (!obligations.redact().isEmpty() && !supported.contains(ObligationKind.REDACT))
                || (!obligations.maskFields().isEmpty() && !supported.contains(ObligationKind.MASK_FIELDS));
        return unsupported ? deny(ReasonCodes.OBLIGATION_UNSUPPORTED) : this;
    }

    /** What the gateway must do with the payload; empty lists mean nothing. */
    public record Obligations(List<String> redact, @JsonProperty("mask_fields") List<String> maskFields, Capture capture) {

        public static final Obligations NONE = new Obligations(List.of(), List.of(), Capture.NONE);

        public Obligations {
            redact = List.copyOf(redact);
            maskFields = List.copyOf(maskFields);
            java.util.Objects.requireNonNull(capture, "capture");
        }
    }

    /**
     * How much of an LLM call the gateway may store for evaluation and training: nothing, the
     * request and answer with every Tier 2 finding replaced by its placeholder, or both as they went.
     */
    public enum Capture {
        NONE("none"),
        REDACTED("redacted"),
        FULL("full");

        private final String json;

        Capture(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }

        /** The capture named {@code json} in a decision, or null for any other value. */
        public static Capture of(String json) {
            for (Capture c : values()) {
                if (c.json.equals(json)) {
                    return c;
                }
            }
            return null;
        }

        /** The stricter of the two: what may be stored when both decisions must be kept. */
        public Capture stricter(Capture other) {
            return ordinal() <= other.ordinal() ? this : other;
        }
    }

    /** Obligations a gateway path may be able to fulfil. */
    public enum ObligationKind {
        REDACT,
        MASK_FIELDS
    }
}
