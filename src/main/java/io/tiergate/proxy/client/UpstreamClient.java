package io.tiergate.proxy.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tiergate.ops.Telemetry;
import io.tiergate.ops.UpstreamCall;
import io.tiergate.proxy.ProxyConfig;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The one way Tiergate reaches upstreams (LLM APIs, dataset services): a pooled, non-blocking
 * Vert.x client that owns the timeouts, streams bodies through without buffering them, and turns
 * upstream failures into 502/504 problems. Requests are never retried: an LLM call is not idempotent.
 */
@Singleton
public class UpstreamClient {

    private static final Logger LOG = Logger.getLogger(UpstreamClient.class);

    /** Hop-by-hop and framing headers that never cross a proxy (RFC 9110 section 7.6.1), cookies, and what names the upstream. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length", "set-cookie", "x-request-id", "server");

    private final HttpClient client;
    private final long idleTimeoutMillis;
    private final Telemetry telemetry;

    public UpstreamClient(Vertx vertx, ProxyConfig config, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.idleTimeoutMillis = config.idleTimeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(config.maxConnectionsPerUpstream())
                .setKeepAlive(true)
                // Trace context is injected by Telemetry, for internal upstreams only (never to external vendors).
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setDecompressionSupported(false));
    }

    /** An upstream's answer: status, the headers a caller may see, and the body as it arrives. */
    public record Response(int status, Map<String, List<String>> headers, Multi<Buffer> body) {
    }

    /**
     * Sends one request; the result resolves with the response head, its body still unread
     * (paused until the caller subscribes, so nothing is lost and nothing is buffered whole).
     */
    public Uni<Response> send(String upstreamName, HttpMethod method, URI target, MultiMap headers, Buffer body) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(target.toString())
                .setIdleTimeout(idleTimeoutMillis);
        UpstreamCall call = telemetry.upstreamCall(upstreamName, headers);
        return client.request(options)
                .onItem().transformToUni(request -> {
                    request.headers().addAll(headers);
                    return (body == null ? request.send() : request.send(body))
                            .onItem().invoke(HttpClientResponse::pause)
                            .onItem().invoke(call::answered)
                            .onItem().transform(response -> new Response(response.statusCode(), passable(response.headers()),
                                    call.body(bodyOf(upstreamName, request, response, io.vertx.core.Vertx.currentContext()),
                                            response.getHeader("content-type"))));
                })
                .onFailure().invoke(call::failed)
                .onFailure().transform(failure -> translate(upstreamName, failure));
    }

    /**
     * The body as it arrives. A caller that stops reading it (a stream cut because its answer was
     * refused, a client gone) stops the upstream: the request is reset, which on HTTP/1.1 closes its
     * connection. But only while the answer is still coming: once its end has arrived the connection
     * is back in the pool, perhaps serving another call, and Vert.x 4.5 closes it under that call
     * on a late reset (eclipse-vertx/vert.x#6294). The end may have arrived and still wait, unread,
     * behind the chunks the caller left; so what arrived is read and dropped first, on the
     * response's context, and the reset goes out only if the end was not among it.
     * A body that breaks off (its connection closed, a silence past the idle timeout) fails as the
     * head would have: 502 or 504, not an HttpClosedException that reads as the caller gone.
     */
    private static Multi<Buffer> bodyOf(String upstreamName, HttpClientRequest request, HttpClientResponse response, Context context) {
        io.vertx.core.http.HttpClientResponse raw = response.getDelegate();
        io.vertx.core.Future<Void> end = raw.end();
        // a connection closed before the body is read has failed the response already: reading it then
        // throws "Response already ended", which would hide why
        return Multi.createFrom().deferred(() -> end.failed() ? Multi.createFrom().<Buffer>failure(end.cause()) : response.toMulti())
                .onFailure(IllegalStateException.class).transform(failure -> end.failed() ? end.cause() : failure)
                .onCancellation().invoke(() -> stopReading(request, raw, context))
                .onFailure().transform(failure -> translate(upstreamName, failure));
    }

    private static void stopReading(HttpClientRequest request, io.vertx.core.http.HttpClientResponse response, Context context) {
        if (response.end().isComplete()) {
            return;
        }
        if (context == null) {
            request.reset();
            return;
        }
        response.handler(null).endHandler(null).resume();
        // the chunks left are handed out by a task on the response's context queued by resume(): this one runs after it
        context.runOnContext(v -> {
            if (!response.end().isComplete()) {
                request.reset();
            }
        });
    }

    private static Map<String, List<String>> passable(MultiMap headers) {
        Map<String, List<String>> passable = new LinkedHashMap<>();
        for (var entry : headers) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name)) {
                passable.computeIfAbsent(name, n -> new ArrayList<>()).add(entry.getValue());
            }
        }
        return passable;
    }

    private static RuntimeException translate(String upstreamName, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                LOG.warnf("upstream %s timed out: %s", upstreamName, cause.getMessage());
                return UpstreamException.timeout(upstreamName);
            }
            if (cause instanceof ConnectException) {
                break;
            }
        }
        LOG.warnf("upstream %s unavailable: %s", upstreamName, failure.toString());
        return UpstreamException.unavailable(upstreamName);
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
