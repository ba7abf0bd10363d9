package io.tiergate.policy;

import java.util.Set;

/**
 * Every reason code a decision can carry: the policy's own (its deny and allow rules, kept equal
 * to the Rego in {@code policies/} by {@code ReasonCodesTest}) and those the gateway itself puts
 * on a decision when the policy engine could not answer. Described in {@code docs/POLICY-CONTRACT.md}.
 */
public final class ReasonCodes {

    // The policy's denials.
    /** None of the caller's roles may take this action. */
    public static final String ROLE_NOT_PERMITTED = "role_not_permitted";
    /** A dataset read without a stated purpose. */
    public static final String PURPOSE_REQUIRED = "purpose_required";
    /** Tier 2 needs an active grant for this resource and purpose. */
    public static final String TIER2_REQUIRES_GRANT = "tier2_requires_grant";
    /** Tier 2 content that cannot be redacted, sent to a route cleared for Tier 1 only. */
    public static final String TIER2_CONTENT_TO_TIER1_ROUTE = "tier2_content_to_tier1_route";
    /** A credential in a prompt: never forwarded. */
    public static final String CREDENTIALS_NEVER_FORWARDED = "credentials_never_forwarded";
    /** Content no detector can read (media, file data, token arrays, references) on a route that does not accept its kind. */
    public static final String UNSCANNABLE_CONTENT = "unscannable_content";
    /** Text the classifier could not finish within its time budget ({@code UNSCANNED}): refused on every route. */
    public static final String SCAN_INCOMPLETE = "scan_incomplete";
    /** No policy covers the action. */
    public static final String UNKNOWN_ACTION = "unknown_action";
    /** An access request for a Tier 1 resource. */
    public static final String GRANT_NOT_NEEDED_FOR_TIER1 = "grant_not_needed_for_tier1";
    /** A reviewer deciding their own request. */
    public static final String SELF_DECISION_FORBIDDEN = "self_decision_forbidden";
    /** A reviewer approving the same request twice. */
    public static final String APPROVER_ALREADY_APPROVED = "approver_already_approved";
    /** A Tier 2 prompt for a route's variant cleared for Tier 1 only: the gateway falls back to the route's baseline variant. */
    public static final String CONTENT_NOT_CLEARED_FOR_VARIANT = "content_not_cleared_for_variant";
    /** An LLM answer holding Tier 2 content that cannot be redacted, to a caller without a grant for the route. */
    public static final String TIER2_RESPONSE_REQUIRES_GRANT = "tier2_response_requires_grant";
    /** An export holding Tier 2 captures for a purpose other than fine-tuning or model evaluation. */
    public static final String EXPORT_PURPOSE_NOT_PERMITTED = "export_purpose_not_permitted";

    // The policy's allow rules.
    public static final String TIER1_ACCESS = "tier1_access";
    public static final String TIER2_GRANT_ACTIVE = "tier2_grant_active";
    public static final String TIER2_PERSONAL_DATA_REDACTED = "tier2_personal_data_redacted";
    /** An LLM answer relayed with its Tier 2 findings replaced by placeholders. */
    public static final String RESPONSE_REDACTED = "response_redacted";
    public static final String ACCESS_REQUESTER = "access_requester";
    public static final String ACCESS_REVIEWER = "access_reviewer";
    public static final String AUDIT_READER = "audit_reader";
    /** A privacy approver or auditor reading a route's whole evaluation report. */
    public static final String REPORT_READER = "report_reader";
    /** A developer reading a route's evaluation report: of a Tier 2 route, without its feedback ({@code mask_fields}). */
    public static final String REPORT_TIER1_AGGREGATES = "report_tier1_aggregates";
    /** A privacy approver erasing captured calls. */
    public static final String CAPTURE_ERASER = "capture_eraser";

    // The gateway's own, when no decision could be taken.
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

    /** Every code the Rego policies can answer with. */
    public static final Set<String> POLICY = Set.of(ROLE_NOT_PERMITTED, PURPOSE_REQUIRED, TIER2_REQUIRES_GRANT,
            TIER2_CONTENT_TO_TIER1_ROUTE, CREDENTIALS_NEVER_FORWARDED, UNSCANNABLE_CONTENT, SCAN_INCOMPLETE, UNKNOWN_ACTION, GRANT_NOT_NEEDED_FOR_TIER1,
            SELF_DECISION_FORBIDDEN, APPROVER_ALREADY_APPROVED, TIER1_ACCESS, TIER2_GRANT_ACTIVE, TIER2_PERSONAL_DATA_REDACTED,
            RESPONSE_REDACTED, TIER2_RESPONSE_REQUIRES_GRANT, CONTENT_NOT_CLEARED_FOR_VARIANT, EXPORT_PURPOSE_NOT_PERMITTED,
            ACCESS_REQUESTER, ACCESS_REVIEWER, AUDIT_READER, REPORT_READER, REPORT_TIER1_AGGREGATES, CAPTURE_ERASER);

    /** Codes that mean "no decision could be taken", as opposed to "the policy said no". */
    public static final Set<String> ENGINE_FAILURES = Set.of(
            POLICY_ENGINE_UNAVAILABLE, POLICY_ENGINE_TIMEOUT, POLICY_RESULT_UNDEFINED, POLICY_RESULT_MALFORMED);

    private ReasonCodes() {
    }
}
