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
                .details("")
                .policy(record.engineName(), record.engineRevision())
                .build();
    }
}
