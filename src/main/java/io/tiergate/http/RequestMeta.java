package io.tiergate.http;

import io.vertx.ext.web.RoutingContext;

/**
 * The correlation ids of one exchange: Tiergate's own request id, the caller's {@code X-Request-Id}
 * when it sent a sane one (else null), and the W3C trace id when the caller sent one.
 */
public record RequestMeta(String requestId, String traceId, String clientRequestId) {

    public static RequestMeta of(RoutingContext rc) {
        return new RequestMeta(RequestIds.requestId(rc), RequestIds.traceId(rc), RequestIds.clientRequestId(rc));
    }
}
