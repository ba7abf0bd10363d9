package io.tiergate.audit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tiergate.audit.ChainVerifier;
import io.tiergate.audit.checkpoint.CheckpointVerifier;

/**
 * What {@code GET /api/audit/verify} answers: the chain's own verdict (the first broken link) and the
 * verdict of the signed checkpoints (truncation, rewritten tail, fork, unreadable sink, and the last
 * checkpoint that still holds). {@code ok} only when both hold.
 */
public record Verification(boolean ok, long checked,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("broken_at") Long brokenAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String problem,
        CheckpointVerifier.Report checkpoints) {

    static Verification of(ChainVerifier.Report chain, CheckpointVerifier.Report checkpoints) {
        return new Verification(chain.ok() && checkpoints.ok(), chain.checked(), chain.brokenAt(), chain.problem(), checkpoints);
    }
}
