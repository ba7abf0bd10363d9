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
}
