package io.tiergate.ops;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * Measures the gateway-added latency of proxied calls (LLM routes and datasets): the time from the
 * request's arrival to its response head, less the upstream's own time to response head. The
 * upstream part is added by {@link UpstreamCall}; a call that never reached an upstream (a deny) is
 * not a proxied call and is counted in the decisions only.
 */
@Singleton
public class RequestTimings {

    static final String KEY = "tiergate.timing";

    @Inject Telemetry metrics;

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS + 1).handler(this::start);
    }

    private void start(RoutingContext rc) {
        String path = rc.normalizedPath();
        String kind = path.startsWith("/llm/") ? "llm" : path.startsWith("/datasets/") ? "dataset" : null;
        if (kind != null && VertxContext.isOnDuplicatedContext()) {
            Timing timing = new Timing(System.nanoTime());
            ContextLocals.put(KEY, timing);
            rc.addHeadersEndHandler(v -> {
                long upstream = timing.upstreamNanos;
                if (upstream > 0) {
                    metrics.gatewayAdded(kind).record(System.nanoTime() - timing.startedNanos - upstream, TimeUnit.NANOSECONDS);
                }
            });
        }
        rc.next();
    }

    /** One proxied call's clock: when it arrived, and how long its upstream took to answer. */
    static final class Timing {
        final long startedNanos;
        volatile long upstreamNanos;

        Timing(long startedNanos) {
            this.startedNanos = startedNanos;
        }
    }
}
