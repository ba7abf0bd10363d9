package io.tiergate.http;

import io.vertx.ext.web.RoutingContext;

/** The correlation ids of one exchange: Tiergate's request id and, when the caller sent one, the W3C trace id. */
public record RequestMeta(String requestId, String traceId) {

    public static RequestMeta of(RoutingContext rc) {
        return new RequestMeta(RequestIds.requestId(rc), RequestIds.traceId(rc));
    }
}
