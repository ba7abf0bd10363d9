package io.tiergate.gate;

import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Where the gate records each decision before it lets the request go on (the audit log implements it). */
public interface DecisionRecorder {

    /**
     * Makes the record durable before returning, or throws a {@link io.tiergate.http.ProblemException}:
     * a caller that gets no exception may act on the decision, a caller that gets one must not.
     */
    void recordDurably(DecisionRecord record);

    /** Records what became of an allowed request after its decision, durably, under the same contract. */
    void recordOutcomeDurably(OutcomeRecord record);

    /** What every record of a call says: when, its ids, who asked for what, on which content and for what purpose. */
    record Call(Instant at, String requestId, String clientRequestId, String traceId, PolicyInput.Subject subject,
            String subjectName, PolicyInput.Action action, PolicyInput.Resource resource, PolicyInput.Content content,
            String purpose) {
    }

    /**
     * One decision as the gate took it: the input, the engine's answer, the ids to correlate it with
     * (the gateway's request id, the caller's own when it sent one, the trace id), what was asked for
     * ({@code details}: e.g. a dataset path and the names of its query parameters), and the decision
     * it follows ({@code follows}: the request's, for the decision on its answer; else null).
     */
    record DecisionRecord(UUID decisionId, Instant decidedAt, String requestId, String clientRequestId, String traceId,
            PolicyInput input, String subjectName, Decision decision, String engineName, String engineRevision,
            String details, UUID follows) {

        public DecisionRecord(UUID decisionId, Instant decidedAt, String requestId, String clientRequestId, String traceId,
                PolicyInput input, String subjectName, Decision decision, String engineName, String engineRevision) {
            this(decisionId, decidedAt, requestId, clientRequestId, traceId, input, subjectName, decision, engineName,
                    engineRevision, "", null);
        }

        public Call call() {
            return new Call(decidedAt, requestId, clientRequestId, traceId, input.subject(), subjectName, input.action(),
                    input.resource(), input.content(), input.context().purpose());
        }
    }

    /**
     * What became of an allowed request ({@code follows}: its decision id): {@code outcome} is
     * {@code forwarded}, {@code forwarded_altered} (masked or redacted) or {@code upstream_failed};
     * {@code content} what the payload held (types and counts), {@code applied} the obligations
     * fulfilled on it, {@code details} pointers and types only.
     */
    record OutcomeRecord(UUID follows, Instant at, String requestId, String clientRequestId, String traceId,
            PolicyInput.Subject subject, String subjectName, PolicyInput.Action action, PolicyInput.Resource resource,
            PolicyInput.Content content, String purpose, String outcome, List<String> reasons, Decision.Obligations applied,
            String details) {

        public Call call() {
            return new Call(at, requestId, clientRequestId, traceId, subject, subjectName, action, resource, content, purpose);
        }
    }
}
