package io.tiergate.admin;

import io.tiergate.access.AccessApproval;
import io.tiergate.access.AccessGrant;
import io.tiergate.access.AccessRequest;
import io.tiergate.access.RequestState;
import io.tiergate.catalog.Catalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An access request as the console shows it, with the catalog's view of its resource. */
public record RequestView(
        String id,
        String requester,
        String resourceKind,
        String resourceName,
        Integer tier,
        String owner,
        String description,
        String purpose,
        String justification,
        String requested,
        Duration requestedDuration,
        int approvalsRequired,
        List<ApprovalView> approvals,
        String state,
        boolean pending,
        String created,
        String age,
        String pendingUntil,
        String decided,
        String decidedBy,
        String decisionReason,
        GrantView grant) {

    /** One approval so far. */
    public record ApprovalView(String approver, String at, String duration, String comment) {
    }

    static RequestView of(AccessRequest r, List<AccessApproval> approvals, AccessGrant grant, Catalog catalog, Instant now) {
        Optional<Catalog.Entry> entry = catalog.entry(r.resourceKind, r.resourceName);
        Integer tier = entry.map(e -> e.tier().level()).orElse(null);
        String owner = entry.map(Catalog.Entry::owner).orElse("");
        String description = entry.map(Catalog.Entry::description).orElse("");
        Duration requested = Duration.ofSeconds(r.requestedSeconds);
        boolean pending = r.state == RequestState.PENDING && r.pendingUntil.isAfter(now);
        String state = r.state == RequestState.PENDING && !pending ? "expired" : r.state.name().toLowerCase(Locale.ROOT);
        return new RequestView(r.id.toString(), r.requesterId, r.resourceKind, r.resourceName, tier, owner, description,
                r.purpose, r.justification, Console.human(requested), requested, r.approvalsRequired,
                approvals.stream().map(a -> new ApprovalView(a.approverId, Console.time(a.approvedAt),
                        a.seconds == null ? "as requested" : Console.human(Duration.ofSeconds(a.seconds)),
                        a.comment == null ? "" : a.comment)).toList(),
                state, pending, Console.time(r.createdAt), Console.age(r.createdAt, now), Console.time(r.pendingUntil),
                Console.time(r.decidedAt), r.decidedBy == null ? "" : r.decidedBy, r.decisionReason == null ? "" : r.decisionReason,
                grant == null ? null : GrantView.of(grant, now));
    }

    public boolean approvedBy(String approver) {
        return approvals.stream().anyMatch(a -> a.approver().equals(approver));
    }

    public int approvalsMissing() {
        return Math.max(0, approvalsRequired - approvals.size());
    }
}
