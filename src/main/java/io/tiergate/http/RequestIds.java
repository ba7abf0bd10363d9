package io.tiergate.http;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * Gives every HTTP exchange the gateway's own request id and notes the gateway's own trace id
 * (while tracing is on; a caller's {@code traceparent} is its parent only from a trusted caller,
 * see docs/OPERATIONS.md), before anything else runs, and returns the request id on every
 * response, errors included. A caller's {@code X-Request-Id} never becomes the request id (a
 * caller could otherwise reuse another's id to blur the audit trail); when it is sane it is kept
 * beside it as the client request id, which the audit log records and searches, and returned as
 * {@code X-Client-Request-Id}.
 */
@Singleton
public class RequestIds {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** Returns the caller's own request id, when it sent a sane one, so that it can match answers to calls. */
    public static final String CLIENT_REQUEST_ID_HEADER = "X-Client-Request-Id";
    private static final String REQUEST_ID_KEY = "tiergate.request-id";
    private static final String CLIENT_REQUEST_ID_KEY = "tiergate.client-request-id";
    private static final String TRACE_ID_KEY = "tiergate.trace-id";
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(RequestIds::assign);
    }

    private static void assign(RoutingContext rc) {
        String offered = rc.request().getHeader(REQUEST_ID_HEADER);
        String requestId = TimeOrderedIds.next().toString();
        rc.put(REQUEST_ID_KEY, requestId);
        if (isSane(offered)) {
            rc.put(CLIENT_REQUEST_ID_KEY, offered);
            rc.response().putHeader(CLIENT_REQUEST_ID_HEADER, offered);
        }
        SpanContext trace = Span.current().getSpanContext();
        if (trace.isValid()) {
            rc.put(TRACE_ID_KEY, trace.getTraceId());
        }
        rc.response().putHeader(REQUEST_ID_HEADER, requestId);
        rc.next();
    }

    /** Whether a caller's request id may be recorded: 1-128 characters of {@code [A-Za-z0-9._:-]}. */
    public static boolean isSane(String requestId) {
        return requestId != null && SANE_REQUEST_ID.matcher(requestId).matches();
    }

    /** The request id of this exchange; never null once the exchange has started. */
    public static String requestId(RoutingContext rc) {
        String id = rc == null ? null : rc.get(REQUEST_ID_KEY);
        return id != null ? id : "unknown";
    }

    /** The caller's own {@code X-Request-Id} when it sent a sane one, else null. */
    public static String clientRequestId(RoutingContext rc) {
        return rc == null ? null : rc.get(CLIENT_REQUEST_ID_KEY);
    }

    /** The gateway's W3C trace id of this exchange, or null while tracing is off. */
    public static String traceId(RoutingContext rc) {
        return rc == null ? null : rc.get(TRACE_ID_KEY);
    }
}
