package io.tiergate.gate;

import io.tiergate.http.ProblemException;
import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput;
import io.tiergate.policy.ReasonCodes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A deny, as the caller sees it: 403 with the policy's reason codes and what to do next, or
 * 503 when the engine could not decide (the request was denied to be safe, and may be retried).
 */
public class AccessDeniedException extends ProblemException {

    static final int DENIED = 403;
    static final int UNDECIDED = 503;

    private final List<String> reasons;

    private AccessDeniedException(int status, String code, String title, String detail, Map<String, Object> extensions,
            List<String> reasons) {
        super(status, code, title, detail, extensions);
        this.reasons = reasons;
    }

    /** The reason codes of the decision that denied. */
    public List<String> reasons() {
        return reasons;
    }

    public static AccessDeniedException of(UUID decisionId, Decision decision, PolicyInput input) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("reasons", decision.reasons());
        extensions.put("decision_id", decisionId.toString());
        if (!input.content().findings().isEmpty()) {
            extensions.put("findings", input.content().findings());
        }
        if (!input.content().unscannable().isEmpty()) {
            extensions.put("unscannable", input.content().unscannable());
        }
        if (decision.reasons().contains(ReasonCodes.TIER2_REQUIRES_GRANT)) {
            extensions.put("request_access", Map.of(
                    "method", "POST",
                    "href", "/api/access-requests",
                    "resource", Map.of("kind", input.resource().kind().json(), "name", input.resource().name()),
                    "purpose", input.context().purpose()));
        }
        boolean engineFailure = decision.reasons().stream().anyMatch(ReasonCodes.ENGINE_FAILURES::contains);
        String detail = decision.reasons().stream().map(r -> advice(r, input)).collect(Collectors.joining(" "));
        return engineFailure
                ? new AccessDeniedException(UNDECIDED, "policy_unavailable", "Policy engine unavailable", detail, extensions, decision.reasons())
                : new AccessDeniedException(DENIED, "access_denied", "Access denied", detail, extensions, decision.reasons());
    }

    /** What the caller can do about one reason code. */
    static String advice(String reason, PolicyInput input) {
        String resource = "'" + input.resource().name() + "'";
        return switch (reason) {
            case ReasonCodes.ROLE_NOT_PERMITTED -> "Your roles do not permit " + input.action().json() + ".";
            case ReasonCodes.PURPOSE_REQUIRED -> "State the purpose of this access in the X-Tiergate-Purpose header.";
            case ReasonCodes.TIER2_REQUIRES_GRANT -> resource + " needs Tier 2 access: it requires an approved, unexpired grant "
                    + "from the privacy team for this resource and purpose. Request one with POST /api/access-requests.";
            case ReasonCodes.TIER2_CONTENT_TO_TIER1_ROUTE -> "The prompt contains Tier 2 content that cannot be redacted (such as "
                    + "customer source code) and route " + resource + " may only receive Tier 1: remove it, or use a route "
                    + "cleared for Tier 2. POST /api/classify shows what was found.";
            case ReasonCodes.CREDENTIALS_NEVER_FORWARDED -> "The prompt contains a credential; credentials are never sent to a "
                    + "model. Remove it, and rotate it if it was real.";
            case ReasonCodes.UNSCANNABLE_CONTENT -> "The request holds content the gateway cannot scan (an image, audio, file "
                    + "data, token arrays or a reference to content held elsewhere; see content.unscannable) and route "
                    + resource + " does not accept it: send text, or use a route that accepts that kind.";
            case ReasonCodes.SCAN_INCOMPLETE -> "Some text of the request could not be scanned within the time budget: "
                    + "send less text per request.";
            case ReasonCodes.CONTENT_NOT_CLEARED_FOR_VARIANT -> "The prompt contains Tier 2 content and the variant of route "
                    + resource + " that would answer it is cleared for Tier 1 only, as is the route's baseline variant: "
                    + "send Tier 1 content.";
            case ReasonCodes.TIER2_RESPONSE_REQUIRES_GRANT -> "The answer holds Tier 2 content that cannot be redacted (such as "
                    + "customer source code); seeing it needs a Tier 2 grant for route " + resource
                    + ". Request one with POST /api/access-requests.";
            case ReasonCodes.UNKNOWN_ACTION -> "No policy covers " + input.action().json() + ".";
            case ReasonCodes.GRANT_NOT_NEEDED_FOR_TIER1 -> resource + " is Tier 1: it needs no grant.";
            case ReasonCodes.SELF_DECISION_FORBIDDEN -> "Nobody decides their own access request: another privacy approver must.";
            case ReasonCodes.APPROVER_ALREADY_APPROVED -> "You have already approved this request; it needs approvals from "
                    + "distinct approvers.";
            case ReasonCodes.POLICY_ENGINE_TIMEOUT, ReasonCodes.POLICY_ENGINE_UNAVAILABLE,
                    ReasonCodes.POLICY_RESULT_UNDEFINED, ReasonCodes.POLICY_RESULT_MALFORMED ->
                    "The policy engine could not decide, so the request was denied to be safe. Retry later.";
            case ReasonCodes.OBLIGATION_UNSUPPORTED -> "The policy allows this only under conditions this endpoint "
                    + "cannot yet enforce, so it was denied.";
            default -> "Denied by policy (" + reason + ").";
        };
    }
}
