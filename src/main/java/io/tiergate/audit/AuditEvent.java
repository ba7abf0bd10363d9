package io.tiergate.audit;

import io.tiergate.policy.Decision.Obligations;
import io.tiergate.policy.PolicyInput.FindingCount;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * One entry of the audit log: a policy decision, a workflow transition, a failed notification or
 * a correction. Who (subject), what (action, resource, tier), the outcome and its reason codes,
 * which policy answered, the obligations the gateway fulfilled (decisions and payload reports;
 * null otherwise). Finding types and counts and ids only, never content. The time is kept
 * to the microsecond, as PostgreSQL stores it, so that the hash computed before the insert is the
 * hash of what is stored.
 */
public record AuditEvent(
        UUID eventId,
        Instant occurredAt,
        Kind kind,
        String requestId,
        String traceId,
        String subjectId,
        String subjectType,
        String action,
        String resourceKind,
        String resourceName,
        Integer resourceTier,
        Integer contentTier,
        List<FindingCount> findings,
        String purpose,
        Boolean allowed,
        String outcome,
        List<String> reasons,
        String targetId,
        String details,
        String policyEngine,
        String policyRevision,
        Obligations obligations) {

    /** What an event records. */
    public enum Kind {
        /** A policy decision (allowed or not). */
        DECISION,
        /** A state change of the access workflow (request created, approved, grant revoked, ...). */
        TRANSITION,
        /** A notification that could not be delivered. */
        NOTIFICATION,
        /** Voids an earlier decision event whose request was refused after all (see {@link AuditLog}). */
        CORRECTION,
        /** What an allowed response carried and what the gateway did to it (target: the decision's event id). */
        PAYLOAD;

        public String db() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Kind ofDb(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Subject type of events the gateway records on its own (expiry sweeps, notifications). */
    public static final String SYSTEM = "system";

    /** An event without obligations (transitions, notifications, corrections). */
    public AuditEvent(UUID eventId, Instant occurredAt, Kind kind, String requestId, String traceId, String subjectId,
            String subjectType, String action, String resourceKind, String resourceName, Integer resourceTier,
            Integer contentTier, List<FindingCount> findings, String purpose, Boolean allowed, String outcome,
            List<String> reasons, String targetId, String details, String policyEngine, String policyRevision) {
        this(eventId, occurredAt, kind, requestId, traceId, subjectId, subjectType, action, resourceKind, resourceName,
                resourceTier, contentTier, findings, purpose, allowed, outcome, reasons, targetId, details, policyEngine,
                policyRevision, null);
    }

    public AuditEvent {
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
        findings = List.copyOf(findings);
        reasons = List.copyOf(reasons);
        purpose = purpose == null ? "" : purpose;
        details = details == null ? "" : details;
        if ((kind == Kind.DECISION) != (allowed != null)) {
            throw new IllegalArgumentException("a decision, and only a decision, says whether it allowed");
        }
    }

    /** A policy decision. */
    public static AuditEvent decision(UUID eventId, Instant occurredAt, String requestId, String traceId, String subjectId,
            String subjectType, String action, String resourceKind, String resourceName, int resourceTier, int contentTier,
            List<FindingCount> findings, String purpose, boolean allowed, List<String> reasons, String policyEngine,
            String policyRevision) {
        return decision(eventId, occurredAt, requestId, traceId, subjectId, subjectType, action, resourceKind, resourceName,
                resourceTier, contentTier, findings, purpose, allowed, reasons, policyEngine, policyRevision, "", Obligations.NONE);
    }

    /** A policy decision with what was asked for ({@code details}, e.g. the path) and the obligations it set. */
    public static AuditEvent decision(UUID eventId, Instant occurredAt, String requestId, String traceId, String subjectId,
            String subjectType, String action, String resourceKind, String resourceName, int resourceTier, int contentTier,
            List<FindingCount> findings, String purpose, boolean allowed, List<String> reasons, String policyEngine,
            String policyRevision, String details, Obligations obligations) {
        return new AuditEvent(eventId, occurredAt, Kind.DECISION, requestId, traceId, subjectId, subjectType, action,
                resourceKind, resourceName, resourceTier, contentTier, findings, purpose, allowed, allowed ? "allow" : "deny",
                reasons, null, details, policyEngine, policyRevision, allowed ? obligations : Obligations.NONE);
    }
}
