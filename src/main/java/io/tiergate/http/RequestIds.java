package io.tiergate.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every HTTP exchange a request id (the caller's {@code X-Request-Id} when it is sane,
 * else a fresh one) and a trace id (from a W3C {@code traceparent}), before anything else runs,
 * and echoes the request id on every response, errors included.
 */
@Singleton
public class RequestIds {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String REQUEST_ID_KEY = "tiergate.request-id";
    private static final String TRACE_ID_KEY = "tiergate.trace-id";
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String INVALID_TRACE_ID = "0".repeat(32);

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(RequestIds::assign);
    }

    private static void assign(RoutingContext rc) {
        String offered = rc.request().getHeader(REQUEST_ID_HEADER);
        String requestId = offered != null && SANE_REQUEST_ID.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
        rc.put(REQUEST_ID_KEY, requestId);
        rc.put(TRACE_ID_KEY, traceIdOf(rc.request().getHeader("traceparent")));
        rc.response().putHeader(REQUEST_ID_HEADER, requestId);
        rc.next();
    }

    static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var m = TRACEPARENT.matcher(traceparent.trim());
        return m.matches() && !m.group(1).equals(INVALID_TRACE_ID) ? m.group(1) : null;
    }

    /** The request id of this exchange; never null once the exchange has started. */
    public static String requestId(RoutingContext rc) {
        String id = rc == null ? null : rc.get(REQUEST_ID_KEY);
        return id != null ? id : "unknown";
    }

    /** The W3C trace id of this exchange, or null when the caller sent none. */
    public static String traceId(RoutingContext rc) {
        return rc == null ? null : rc.get(TRACE_ID_KEY);
    }
}
