package io.tiergate.capture;

import io.tiergate.gate.Enforcer;
import io.tiergate.policy.Decision.Capture;
import io.tiergate.policy.PolicyInput.Content;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Where the proxy hands over what it may capture of an allowed LLM call ({@link #begin}, then
 * {@link CallCapture#answered}): the request's capture obligation is kept, the answer's joins it,
 * and the stricter of the two goes to the {@link CaptureWriter} with references to both parts.
 */
@ApplicationScoped
public class Captures {

    /** Response header naming the call (its decision id): the id feedback and erasure refer to. */
    public static final String INFERENCE_ID_HEADER = "X-Tiergate-Inference-Id";

    private final CaptureWriter writer;
    private final Clock clock;

    public Captures(CaptureWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * The capture of a call the policy allowed on {@code authorization}, or null when nothing of it
     * may be captured (the request's obligation is {@code none}, or captures are off). {@code variant}
     * is the route's variant the call went to, null on a route without variants.
     * {@code startedNanos} is {@link System#nanoTime()} when the call arrived.
     */
    public CallCapture begin(Enforcer.Authorization authorization, String route, String variant, String purpose, Content content,
            CapturedPart request, long startedNanos) {
        Capture mode = authorization.decision().obligations().capture();
        if (mode == Capture.NONE || !writer.enabled()) {
            return null;
        }
        return new CallCapture(writer, authorization.decisionId(), clock.instant(), route, variant, authorization.subject(), purpose,
                mode, content, request, startedNanos);
    }
}
