package io.tiergate.http;

import io.vertx.ext.web.RoutingContext;

/** The correlation ids of one exchange: Tiergate's request id and, while tracing is on, the gateway's W3C trace id. */
public record RequestMeta(String requestId, String traceId) {

    public static RequestMeta of(RoutingContext rc) {
        return new RequestMeta(RequestIds.requestId(rc), RequestIds.traceId(rc));
    }
}
