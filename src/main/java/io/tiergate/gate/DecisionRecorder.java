package io.tiergate.gate;

import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput;
import java.time.Instant;
import java.util.UUID;

/** Where the gate records each decision before it lets the request go on (the audit log implements it). */
public interface DecisionRecorder {

    /**
     * Makes the record durable before returning, or throws a {@link io.tiergate.http.ProblemException}:
     * a caller that gets no exception may act on the decision, a caller that gets one must not.
     */
    void recordDurably(DecisionRecord record);

    /**
     * One decision as the gate took it: the input, the engine's answer, and the ids to correlate it
     * with (the gateway's request id, the caller's own when it sent one, the trace id).
     */
    record DecisionRecord(UUID decisionId, Instant decidedAt, String requestId, String clientRequestId, String traceId,
            PolicyInput input,
            String subjectName, Decision decision, String engineName, String engineRevision) {
    }
}
