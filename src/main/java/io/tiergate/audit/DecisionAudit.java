package io.tiergate.audit;

import io.tiergate.gate.DecisionRecorder;
import io.tiergate.ops.Telemetry;
import io.tiergate.policy.Decision;
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
        String batches = "Audit batches written, by who wrote them: a request on its own thread, or the writer thread";
        telemetry.counter("tiergate.audit.batches", batches, "writer", "request", log::batchesWrittenByRequests);
        telemetry.counter("tiergate.audit.batches", batches, "writer", "writer-thread", log::batchesWrittenByWriterThread);
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
        return eventOf(AuditEvent.Kind.OUTCOME, record.call())
                .outcome(record.outcome())
                .reasons(record.reasons())
                .target(record.follows().toString())
                .details(record.details())
                .obligations(record.applied())
                .build();
    }

    /** The audit event of one decision: who, what, on which resource and content, and what the policy said. */
    static AuditEvent eventOf(DecisionRecord record) {
        Decision decision = record.decision();
        return eventOf(AuditEvent.Kind.DECISION, record.call())
                .eventId(record.decisionId())
                .allowed(decision.allow())
                .reasons(decision.reasons())
                .details(record.details())
                .target(record.follows() == null ? null : record.follows().toString())
                .obligations(decision.allow() ? decision.obligations() : null)
                .policy(record.engineName(), record.engineRevision())
                .build();
    }

    /** What an event of a call records whatever its kind: when, the call's ids, who, on which resource and content, why. */
    private static AuditEvent.Builder eventOf(AuditEvent.Kind kind, Call call) {
        return AuditEvent.builder(kind, call.action().json())
                .at(call.at())
                .request(call.requestId(), call.traceId())
                .clientRequestId(call.clientRequestId())
                .subject(call.subject().id(), call.subject().type().json())
                .subjectName(call.subjectName())
                .resource(call.resource().kind().json(), call.resource().name(), call.resource().tier())
                .content(call.content().tier(), call.content().findings())
                .purpose(call.purpose());
    }
}
