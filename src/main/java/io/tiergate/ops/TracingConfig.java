package io.tiergate.ops;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * Tracing ({@code tiergate.tracing.*}). The OpenTelemetry SDK itself is off unless an OTLP endpoint
 * is configured ({@code quarkus.otel.exporter.otlp.traces.endpoint} or {@code ...otlp.endpoint};
 * see {@link TracingDefaults}); docs/OPERATIONS.md shows how to turn it on.
 */
@ConfigMapping(prefix = "tiergate.tracing")
public interface TracingConfig {

    /**
     * Callers whose W3C {@code traceparent} the gateway continues (their span becomes the parent of
     * the gateway's): IP addresses or CIDR blocks, e.g. the ingress or mesh proxies. Anyone else's
     * trace context is ignored, and the gateway's trace starts afresh. Empty: trust no caller.
     */
    Optional<List<String>> trustedCallers();
}
