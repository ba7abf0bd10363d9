package io.tiergate.audit;

import io.tiergate.policy.PolicyInput.FindingCount;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One policy decision as the audit log keeps it: who, what, which resource and tier, the
 * verdict and its reasons, which policy answered. Finding types and counts only, never content.
 */
public record AuditEvent(
        UUID eventId,
        Instant occurredAt,
        String requestId,
        String traceId,
        String subjectId,
        String subjectType,
        String action,
        String resourceKind,
        String resourceName,
        int resourceTier,
        int contentTier,
        List<FindingCount> findings,
        String purpose,
        boolean allowed,
        List<String> reasons,
        String policyEngine,
        String policyRevision) {

    public AuditEvent {
        findings = List.copyOf(findings);
        reasons = List.copyOf(reasons);
    }
}
