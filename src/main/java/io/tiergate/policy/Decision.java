package io.tiergate.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
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
    public record Obligations(List<String> redact, @JsonProperty("mask_fields") List<String> maskFields, boolean capture) {

        public static final Obligations NONE = new Obligations(List.of(), List.of(), false);

        public Obligations {
            redact = List.copyOf(redact);
            maskFields = List.copyOf(maskFields);
        }
    }

    /** Obligations a gateway path may be able to fulfil. */
    public enum ObligationKind {
        REDACT,
        MASK_FIELDS
    }
}
