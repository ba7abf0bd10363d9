package io.tiergate.http;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every HTTP exchange a request id (the caller's {@code X-Request-Id} when it is sane,
 * else a fresh one) and notes the gateway's own trace id (while tracing is on; a caller's
 * {@code traceparent} is its parent only from a trusted caller, see docs/OPERATIONS.md), before
 * anything else runs, and echoes the request id on every response, errors included.
 */
@Singleton
public class RequestIds {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String REQUEST_ID_KEY = "tiergate.request-id";
    private static final String TRACE_ID_KEY = "tiergate.trace-id";
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(RequestIds::assign);
    }

    private static void assign(RoutingContext rc) {
        String offered = rc.request().getHeader(REQUEST_ID_HEADER);
        String requestId = offered != null && SANE_REQUEST_ID.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
        rc.put(REQUEST_ID_KEY, requestId);
        SpanContext trace = Span.current().getSpanContext();
        if (trace.isValid()) {
            rc.put(TRACE_ID_KEY, trace.getTraceId());
        }
        rc.response().putHeader(REQUEST_ID_HEADER, requestId);
        rc.next();
    }

    /** The request id of this exchange; never null once the exchange has started. */
    public static String requestId(RoutingContext rc) {
        String id = rc == null ? null : rc.get(REQUEST_ID_KEY);
        return id != null ? id : "unknown";
    }

    /** The gateway's W3C trace id of this exchange, or null while tracing is off. */
    public static String traceId(RoutingContext rc) {
        return rc == null ? null : rc.get(TRACE_ID_KEY);
    }
}
