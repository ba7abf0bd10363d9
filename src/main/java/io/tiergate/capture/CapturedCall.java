package io.tiergate.capture;

import io.tiergate.policy.Decision.Capture;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.PolicyInput.Subject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One allowed LLM call to capture, as handed to the {@link CaptureWriter}: ids, times and
 * references only (nothing is serialised on the request's thread). {@code mode} is already the
 * stricter of the request's and the answer's capture obligation; {@code answer} is null for
 * embeddings (their inputs only are captured). Nanosecond durations; {@code firstTokenNanos} is
 * negative when the call was not streamed.
 */
public record CapturedCall(UUID inferenceId, Instant startedAt, String route, String variant, Subject subject,
        String purpose, Capture mode, int tier, List<FindingCount> requestFindings, List<FindingCount> answerFindings,
        CapturedPart request, CapturedPart answer, long latencyNanos, long firstTokenNanos, int status) {
}
