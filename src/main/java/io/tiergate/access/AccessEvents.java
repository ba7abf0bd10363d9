package io.tiergate.access;

import io.tiergate.audit.AuditEvent;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.PolicyInput.Subject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The audit events of the access workflow's transitions. Ids, names and states only: never a justification. */
final class AccessEvents {

    private AccessEvents() {
    }

    /** Who caused a transition: a caller (with the HTTP request's ids) or the gateway itself (a sweep). */
    record Actor(String id, String type, String requestId, String traceId) {

        static Actor of(Subject subject, RequestMeta meta) {
            return new Actor(subject.id(), subject.type().json(), meta.requestId(), meta.traceId());
        }

        static Actor system() {
            return new Actor("tiergate", AuditEvent.SYSTEM, null, null);
        }
    }

    static AuditEvent request(Actor actor, Instant at, String action, AccessRequest r, Integer tier, List<String> reasons,
            String details) {
        return new AuditEvent(UUID.randomUUID(), at, AuditEvent.Kind.TRANSITION, actor.requestId(), actor.traceId(),
                actor.id(), actor.type(), action, r.resourceKind, r.resourceName, tier, null, List.of(), r.purpose, null,
                r.state.name().toLowerCase(java.util.Locale.ROOT), reasons, r.id.toString(), details, null, null);
    }

    static AuditEvent grant(Actor actor, Instant at, String action, String outcome, AccessGrant g, Integer tier,
            List<String> reasons) {
        return new AuditEvent(UUID.randomUUID(), at, AuditEvent.Kind.TRANSITION, actor.requestId(), actor.traceId(),
                actor.id(), actor.type(), action, g.resourceKind, g.resourceName, tier, null, List.of(), g.purpose, null,
                outcome, reasons, g.id.toString(),
                "subject=" + g.subjectId + "; request=" + g.requestId + "; expires_at=" + g.expiresAt, null, null);
    }
}
