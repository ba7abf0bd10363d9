package io.tiergate.http;

import io.vertx.ext.web.RoutingContext;

/**
 * The correlation ids of one exchange: Tiergate's own request id, the gateway's W3C trace id while
 * tracing is on (else null), and the caller's {@code X-Request-Id} when it sent a sane one (else null).
 */
public record RequestMeta(String requestId, String traceId, String clientRequestId) {

    public static RequestMeta of(RoutingContext rc) {
        return new RequestMeta(RequestIds.requestId(rc), RequestIds.traceId(rc), RequestIds.clientRequestId(rc));
    }
}
