package io.tiergate.capture;

import io.tiergate.policy.Decision;
import io.tiergate.policy.Decision.Capture;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Subject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One call being captured: what the request's decision allowed, until the answer's decision completes it. */
public final class CallCapture {

    private final CaptureWriter writer;
    private final UUID inferenceId;
    private final Instant startedAt;
    private final String route;
    private final String variant;
    private final Subject subject;
    private final String purpose;
    private final Capture requestMode;
    private final Content requestContent;
    private final CapturedPart request;
    private final long startedNanos;
    private volatile long firstTokenNanos = -1;

    CallCapture(CaptureWriter writer, UUID inferenceId, Instant startedAt, String route, String variant, Subject subject,
            String purpose, Capture requestMode, Content requestContent, CapturedPart request, long startedNanos) {
        this.writer = writer;
        this.inferenceId = inferenceId;
        this.startedAt = startedAt;
        this.route = route;
        this.variant = variant;
        this.subject = subject;
        this.purpose = purpose;
        this.requestMode = requestMode;
        this.requestContent = requestContent;
        this.request = request;
        this.startedNanos = startedNanos;
    }

    public UUID inferenceId() {
        return inferenceId;
    }

    /** The first text of a streamed answer went out now (the time to first token). */
    public void firstToken() {
        if (firstTokenNanos < 0) {
            firstTokenNanos = System.nanoTime() - startedNanos;
        }
    }

    /**
     * The answer went out as {@code answerDecision} allowed: queues the capture under the stricter of
     * the request's and the answer's obligation (nothing when that is {@code none}). Never blocks.
     */
    public void answered(Decision answerDecision, Content answerContent, CapturedPart answer, int status) {
        Capture mode = requestMode.stricter(answerDecision.allow() ? answerDecision.obligations().capture() : Capture.NONE);
        if (mode != Capture.NONE) {
            submit(mode, answerContent, answer, status);
        }
    }

    /** A call without an answer to keep (embeddings: their inputs only) completed with {@code status}. */
    public void completedWithoutAnswer(int status) {
        submit(requestMode, null, null, status);
    }

    private void submit(Capture mode, Content answerContent, CapturedPart answer, int status) {
        int tier = Math.max(requestContent.tier(), answerContent == null ? 1 : answerContent.tier());
        writer.submit(new CapturedCall(inferenceId, startedAt, route, variant, subject, purpose, mode, tier,
                requestContent.findings(), answerContent == null ? List.of() : answerContent.findings(), request, answer,
                System.nanoTime() - startedNanos, firstTokenNanos, status));
    }
}
