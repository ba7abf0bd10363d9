package io.tiergate.policy;

import java.util.Set;

/**
 * Reason codes the gateway itself puts on a decision when the policy engine could not answer.
 * The policy's own codes are listed in {@code docs/POLICY-CONTRACT.md}.
 */
public final class ReasonCodes {

    /** The engine could not be reached or failed while evaluating. */
    public static final String POLICY_ENGINE_UNAVAILABLE = "policy_engine_unavailable";
    /** The engine did not answer within the configured time. */
    public static final String POLICY_ENGINE_TIMEOUT = "policy_engine_timeout";
    /** The policy gave no decision for this input. */
    public static final String POLICY_RESULT_UNDEFINED = "policy_result_undefined";
    /** The policy's answer does not have the shape of a decision. */
    public static final String POLICY_RESULT_MALFORMED = "policy_result_malformed";
    /** The policy allowed on an obligation this gateway path cannot fulfil. */
    public static final String OBLIGATION_UNSUPPORTED = "obligation_unsupported";

    /** A Tier 1 dataset's payload held Tier 2 findings outside its declared Tier 2 fields (a payload event). */
    public static final String UNDECLARED_TIER2_IN_DATASET = "undeclared_tier2_in_dataset";

    /** Codes that mean "no decision could be taken", as opposed to "the policy said no". */
    public static final Set<String> ENGINE_FAILURES = Set.of(
            POLICY_ENGINE_UNAVAILABLE, POLICY_ENGINE_TIMEOUT, POLICY_RESULT_UNDEFINED, POLICY_RESULT_MALFORMED);

    private ReasonCodes() {
    }
}
