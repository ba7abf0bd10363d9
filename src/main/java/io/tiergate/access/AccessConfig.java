package io.tiergate.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;

/** The Tier 2 access workflow. Per-resource limits (longest grant, approvals needed) are in the catalog. */
@ConfigMapping(prefix = "tiergate.access")
public interface AccessConfig {

    /** Purposes a request may state; a grant covers calls that state the same purpose ({@code X-Tiergate-Purpose}). */
    @WithDefault("debugging,incident-response,model-evaluation,fine-tuning,rag-indexing,rag-answer,analytics")
    @NotEmpty
    List<String> purposes();

    /** How long a request waits for its decision before it expires unattended. */
    @WithDefault("P7D")
    Duration pendingTtl();

    /** Longest justification a request may carry, in characters (the database allows 2000). */
    @WithDefault("2000")
    @Min(20)
    @Max(2000)
    int maxJustification();

    /** Shortest grant one may ask for or approve. */
    @WithDefault("PT5M")
    Duration minGrantDuration();

    /** How long before a grant expires its holder and the privacy team are told. */
    @WithDefault("PT24H")
    Duration expiryWarning();

    /** How often unattended requests and elapsed grants are swept (expiry also holds between sweeps). */
    @WithDefault("60s")
    String sweepInterval();
}
