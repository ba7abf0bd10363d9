package io.tiergate.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** How Tiergate talks to the upstreams it fronts. */
@ConfigMapping(prefix = "tiergate.proxy")
public interface ProxyConfig {

    /** Longest wait for a TCP connection to an upstream; past it the caller gets 504. */
    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * Longest silence from an upstream, before the response head or between body chunks; past it
     * the caller gets 504 (or the stream ends). LLMs think before they answer, so keep it generous.
     */
    @WithDefault("120s")
    Duration idleTimeout();

    /** Pooled connections per upstream host. */
    @WithDefault("200")
    @Min(1)
    int maxConnectionsPerUpstream();

    /**
     * Largest non-streamed LLM answer the gateway reads to classify it (bytes); a longer one is
     * refused with 502, since what cannot be scanned is not forwarded.
     */
    @WithDefault("16777216")
    @Min(1024)
    int maxAnswerBytes();

    /**
     * Most characters of a streamed answer held back while they could still become a finding (an
     * open private key block, a run of digits); past it the held text goes out only as a placeholder.
     */
    @WithDefault("8192")
    @Min(64)
    int streamMaxHold();

    /** Largest single server-sent event of a streamed answer (bytes); a longer one ends the stream with an error event. */
    @WithDefault("1048576")
    @Min(1024)
    int streamMaxEventBytes();

    /**
     * How long after start-up the gateway runs its own request path on sample calls (classify,
     * decide, relay; nothing forwarded or recorded) before it reports ready, so that the first
     * callers do not meet a cold JIT ({@link PathWarmUp}); 0 switches it off.
     */
    @WithDefault("3s")
    Duration warmUp();
}
