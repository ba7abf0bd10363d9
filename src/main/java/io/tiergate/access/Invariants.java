package io.tiergate.access;

import io.tiergate.http.ProblemException;
import java.util.Collection;

/**
 * The access workflow's invariants, checked in Java after the policy has allowed the decision
 * (defence in depth: a policy bug must not let anyone decide their own request or approve twice).
 */
final class Invariants {

    private Invariants() {
    }

    /** Nobody decides their own request. */
    static void notOwnRequest(AccessRequest request, String deciderId) {
        if (request.requesterId.equals(deciderId)) {
            throw new ProblemException(403, "self_decision_forbidden", "Access denied",
                    "Nobody decides their own access request: another privacy approver must.");
        }
    }

    /** An approver approves a request once: N-of-M needs N distinct approvers. */
    static void notApprovedBefore(Collection<String> approvers, String approverId) {
        if (approvers.contains(approverId)) {
            throw new ProblemException(409, "approver_already_approved", "Conflict",
                    "You have already approved this request; it needs approvals from distinct approvers.");
        }
    }
}
