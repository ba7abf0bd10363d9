package io.tiergate.access;

import io.tiergate.audit.AuditEvent;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.PolicyInput.Subject;
import java.time.Instant;
import java.util.List;

/** The audit events of the access workflow's transitions. Ids, names and states only: never a justification. */
final class AccessEvents {

    private AccessEvents() {
    }

    /** Who caused a transition: a caller (with the HTTP request's ids) or the gateway itself (a sweep). */
    record Actor(String id, String name, String type, RequestMeta meta) {

        static Actor of(Subject subject, String name, RequestMeta meta) {
            return new Actor(subject.id(), name, subject.type().json(), meta);
        }

        static Actor system() {
            return new Actor("tiergate", null, AuditEvent.SYSTEM, new RequestMeta(null, null, null));
        }
    }

    static AuditEvent request(Actor actor, Instant at, String action, AccessRequest r, Integer tier, List<String> reasons,
            String details) {
        return transition(actor, at, action)
                .resource(r.resourceKind, r.resourceName, tier)
                .purpose(r.purpose)
                .outcome(r.state.name().toLowerCase(java.util.Locale.ROOT))
                .reasons(reasons)
                .target(r.id.toString())
                .details(details)
                .build();
    }

    static AuditEvent grant(Actor actor, Instant at, String action, String outcome, AccessGrant g, Integer tier,
            List<String> reasons) {
        return transition(actor, at, action)
                .resource(g.resourceKind, g.resourceName, tier)
                .purpose(g.purpose)
                .outcome(outcome)
                .reasons(reasons)
                .target(g.id.toString())
                .details("subject=" + g.subjectId + "; subject_name=" + g.subjectName + "; request=" + g.requestId + "; expires_at=" + g.expiresAt)
                .build();
    }

    private static AuditEvent.Builder transition(Actor actor, Instant at, String action) {
        return AuditEvent.builder(AuditEvent.Kind.TRANSITION, action)
                .at(at)
                .request(actor.meta().requestId(), actor.meta().traceId())
                .clientRequestId(actor.meta().clientRequestId())
                .subject(actor.id(), actor.type())
                .subjectName(actor.name());
    }
}
