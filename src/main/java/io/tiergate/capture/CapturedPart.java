package io.tiergate.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.policy.Decision.Capture;

/**
 * The request or the answer of a captured call, as the proxy hands it over: references to what it
 * already holds (the scanned document, its findings, the bytes that went), turned into stored JSON
 * only on the capture writer's thread, never on the request's.
 */
public interface CapturedPart {

    /**
     * The part as JSON to store under {@code mode}: {@link Capture#FULL} as it went (the canonical
     * request as forwarded, the answer as relayed); {@link Capture#REDACTED} with every Tier 2
     * finding replaced by its placeholder, whatever was forwarded or relayed in clear.
     */
    String json(Capture mode);

    /** A top-level member of the part (a request's {@code model}, an answer's {@code usage}), or null. */
    JsonNode member(String name);
}
