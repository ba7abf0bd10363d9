package io.tiergate.ops;

import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import java.util.concurrent.TimeUnit;

/**
 * One call to an upstream, timed: to its response head, and for a streamed answer to its first
 * event (time to first token). Made by {@link Telemetry#upstreamCall}; recording allocates nothing.
 */
public final class UpstreamCall {

    private final Timer head;
    private final Timer firstToken;
    private final RequestTimings.Timing timing;
    private final Span span;
    private final long sentNanos = System.nanoTime();

    UpstreamCall(Timer head, Timer firstToken, Span span) {
        this.head = head;
        this.firstToken = firstToken;
        this.span = span;
        this.timing = VertxContext.isOnDuplicatedContext()
                ? ContextLocals.<RequestTimings.Timing>get(RequestTimings.KEY).orElse(null)
                : null;
    }

    /** The upstream's response head arrived. */
    public void answered() {
        long nanos = System.nanoTime() - sentNanos;
        head.record(nanos, TimeUnit.NANOSECONDS);
        if (timing != null) {
            timing.upstreamNanos = nanos;
        }
        Telemetry.end(span, null);
    }

    /** The upstream could not be reached or did not answer in time. */
    public void failed(Throwable failure) {
        Telemetry.end(span, failure);
    }

    /** The body of the upstream's answer; when it is an event stream, its first item is timed. */
    public <T> Multi<T> body(Multi<T> body, String contentType) {
        if (contentType == null || !contentType.startsWith("text/event-stream")) {
            return body;
        }
        boolean[] first = {true};
        return body.onItem().invoke(item -> {
            if (first[0]) {
                first[0] = false;
                firstToken.record(System.nanoTime() - sentNanos, TimeUnit.NANOSECONDS);
            }
        });
    }
}
