package io.tiergate.gate;

import io.tiergate.gate.DecisionRecorder.DecisionRecord;
import io.tiergate.gate.DecisionRecorder.OutcomeRecord;
import io.tiergate.http.RequestMeta;
import io.tiergate.http.TimeOrderedIds;
import io.tiergate.ops.Telemetry;
import io.tiergate.policy.Decision;
import io.tiergate.policy.Decision.ObligationKind;
import io.tiergate.policy.Decision.Obligations;
import io.tiergate.policy.PolicyEngine;
import io.tiergate.policy.PolicyInput;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Context;
import io.tiergate.policy.PolicyInput.Grant;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceRef;
import io.tiergate.policy.PolicyInput.Subject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The enforcement point for what comes back: decides an LLM answer ({@code llm.respond}) and
 * records that decision, or what became of an allowed request (a dataset payload's report, an
 * upstream failure), linked to the request's decision id. Every record is durable before the
 * method returns, so the caller sends the last byte of an answer only after its record.
 */
@ApplicationScoped
public class AnswerGate {

    @Inject PolicyEngine engine;
    @Inject DecisionRecorder recorder;
    @Inject GrantSource grants;
    @Inject Clock clock;
    @Inject Telemetry telemetry;

    /** The allowed request an answer belongs to: its authorization, the resource, the purpose, the caller's name and ids. */
    public record Exchange(Enforcer.Authorization authorization, Resource resource, String purpose, String subjectName,
            RequestMeta meta) {
    }

    /** The decision on an answer holding {@code content}, not recorded (the gateway asks again as findings appear). */
    public Decision decideAnswer(Exchange exchange, Content content) {
        return decide(answerInput(exchange, content));
    }

    /** As {@link #decideAnswer(Exchange, Content)}, before the request is decided: the caller's subject, the resource and purpose asked for. */
    public Decision decideAnswer(Subject subject, Resource resource, String purpose, Content content) {
        return decide(answerInput(subject, resource, purpose, content));
    }

    /** A recorded decision on an answer: its id, the decision, and the input it was taken on. */
    public record AnswerDecision(UUID decisionId, Decision decision, PolicyInput input) {

        /** The problem a caller gets for a denied (non-streamed) answer: 403, with the reasons. */
        public AccessDeniedException denial() {
            return AccessDeniedException.of(decisionId, decision, input);
        }
    }

    /** Decides the answer as it finally is and records that decision durably, linked to the request's; returns it. */
    public AnswerDecision recordAnswer(Exchange exchange, Content content) {
        Instant now = clock.instant();
        PolicyInput input = answerInput(exchange, content);
        Decision decision = decide(input);
        UUID decisionId = TimeOrderedIds.next();
        recorder.recordDurably(new DecisionRecord(decisionId, now, exchange.meta().requestId(),
                exchange.meta().clientRequestId(), exchange.meta().traceId(), input, exchange.subjectName(), decision,
                engine.name(), engine.revision(), "", exchange.authorization().decisionId()));
        return new AnswerDecision(decisionId, decision, input);
    }

    /** Records what became of the request durably ({@code outcome}: forwarded, forwarded_altered, upstream_failed). */
    public void recordOutcome(Exchange exchange, Action action, Content content, String outcome, List<String> reasons,
            Obligations applied, String details) {
        recorder.recordOutcomeDurably(new OutcomeRecord(exchange.authorization().decisionId(), clock.instant(),
                exchange.meta().requestId(), exchange.meta().clientRequestId(), exchange.meta().traceId(),
                exchange.authorization().subject(),
                exchange.subjectName(), action, exchange.resource(), content, exchange.purpose(), outcome, reasons, applied,
                details));
    }

    /** The policy's answer on an answer, timed like every decision; only redaction can be applied to one. */
    private Decision decide(PolicyInput input) {
        return telemetry.policyDecision(engine.name(), () -> engine.decide(input)).requireSupported(Set.of(ObligationKind.REDACT));
    }

    private PolicyInput answerInput(Exchange exchange, Content content) {
        return answerInput(exchange.authorization().subject(), exchange.resource(), exchange.purpose(), content);
    }

    private PolicyInput answerInput(Subject subject, Resource resource, String purpose, Content content) {
        long now = clock.instant().getEpochSecond();
        List<Grant> active = content.tier() == 2
                ? grants.activeGrants(subject.id(), new ResourceRef(resource.kind(), resource.name()), now)
                : List.of();
        return new PolicyInput(subject, Action.LLM_RESPOND, resource, content, new Context(purpose, now, active, null));
    }
}
