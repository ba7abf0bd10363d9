package io.tiergate.audit;

import io.tiergate.gate.DecisionRecorder;
import io.tiergate.ops.Telemetry;
import io.tiergate.policy.PolicyInput;
import jakarta.inject.Singleton;

/** The gate's decisions go to the audit log, durably: the request waits for the commit. */
@Singleton
public class DecisionAudit implements DecisionRecorder {

    private final AuditLog log;
    private final Telemetry telemetry;

    public DecisionAudit(AuditLog log, Telemetry telemetry) {
        this.log = log;
        this.telemetry = telemetry;
        telemetry.gauge("tiergate.audit.queue.depth", "Audit events waiting for the writer", log::backlog);
    }

    @Override
    public void recordDurably(DecisionRecord record) {
        telemetry.auditCommit(() -> log.appendAndAwaitCommit(eventOf(record)));
        telemetry.decided(record.input(), record.decision());
    }

    @Override
    public void recordOutcomeDurably(OutcomeRecord record) {
        telemetry.auditCommit(() -> log.appendAndAwaitCommit(eventOf(record)));
    }

    /** The audit event of what became of an allowed request, linked to its decision ({@code target}). */
    static AuditEvent eventOf(OutcomeRecord record) {
        return AuditEvent.builder(AuditEvent.Kind.OUTCOME, record.action().json())
                .at(record.at())
                .request(record.requestId(), record.traceId())
                .clientRequestId(record.clientRequestId())
                .subject(record.subject().id(), record.subject().type().json())
                .subjectName(record.subjectName())
                .resource(record.resource().kind().json(), record.resource().name(), record.resource().tier())
                .content(record.content().tier(), record.content().findings())
                .purpose(record.purpose())
                .outcome(record.outcome())
                .reasons(record.reasons())
                .target(record.follows().toString())
                .details(record.details())
                .obligations(record.applied())
                .build();
    }

    /** The audit event of one decision: who, what, on which resource and content, and what the policy said. */
    static AuditEvent eventOf(DecisionRecord record) {
        PolicyInput input = record.input();
        return AuditEvent.builder(AuditEvent.Kind.DECISION, input.action().json())
                .eventId(record.decisionId())
                .at(record.decidedAt())
                .request(record.requestId(), record.traceId())
                .clientRequestId(record.clientRequestId())
                .subject(input.subject().id(), input.subject().type().json())
                .subjectName(record.subjectName())
                .resource(input.resource().kind().json(), input.resource().name(), input.resource().tier())
                .content(input.content().tier(), input.content().findings())
                .purpose(input.context().purpose())
                .allowed(record.decision().allow())
                .reasons(record.decision().reasons())
                .details(record.details())
                .target(record.follows() == null ? null : record.follows().toString())
                .obligations(record.decision().allow() ? record.decision().obligations() : null)
                .policy(record.engineName(), record.engineRevision())
                .build();
    }
}
