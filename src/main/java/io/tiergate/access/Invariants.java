package io.tiergate.access;

import io.tiergate.http.ConflictProblem;
import io.tiergate.http.ForbiddenProblem;
import io.tiergate.identity.SubjectKey;
import java.util.Collection;

/**
 * The access workflow's invariants, checked in Java after the policy has allowed the decision
 * (defence in depth: a policy bug must not let anyone decide their own request or approve twice).
 */
final class Invariants {

    private Invariants() {
    }

    /**
     * A request is decided only when its requester and approvers are subject keys: a username left
     * from before the re-key could be anyone's now, so neither self-approval nor distinct approvers
     * could be told apart. Such a request waits for {@code scripts/rekey-subjects.sh}.
     */
    static void keyed(AccessRequest request, Collection<String> approvers) {
        if (!SubjectKey.isKey(request.requesterId) || !approvers.stream().allMatch(SubjectKey::isKey)) {
            throw new ConflictProblem("request_not_rekeyed",
                    "This request names its requester or an approver by username only: it can be decided after the subject re-key.");
        }
    }

    /** Nobody decides their own request. */
    static void notOwnRequest(AccessRequest request, String deciderId) {
        if (request.requesterId.equals(deciderId)) {
            throw new ForbiddenProblem("self_decision_forbidden", "Access denied",
                    "Nobody decides their own access request: another privacy approver must.");
        }
    }

    /** An approver approves a request once: N-of-M needs N distinct approvers. */
    static void notApprovedBefore(Collection<String> approvers, String approverId) {
        if (approvers.contains(approverId)) {
            throw new ConflictProblem("approver_already_approved",
                    "You have already approved this request; it needs approvals from distinct approvers.");
        }
    }
}
