package io.tiergate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deadlines Vert.x does not keep by itself (docs/RELIABILITY.md, "Slow and idle clients"): a
 * kept-alive HTTP/1 connection that sends no next request within {@code keep-alive-timeout} is
 * closed, and a request whose body has not fully arrived {@code body-timeout} after its head is
 * answered 408 and its connection closed (a slow writer holds no connection longer than that).
 * {@code quarkus.http.idle-timeout} still closes any connection on which nothing moves at all.
 */
@Singleton
public class ConnectionDeadlines {

    /** The deadlines; both bound how long one client may hold a connection without using it. */
    @ConfigMapping(prefix = "tiergate.http")
    public interface Config {

        /** Longest a kept-alive connection may wait for its next request. */
        @WithDefault("10s")
        Duration keepAliveTimeout();

        /** Longest a request body may take to arrive, counted from its head. */
        @WithDefault("30s")
        Duration bodyTimeout();
    }

    private final Vertx vertx;
    private final long keepAliveMillis;
    private final long bodyMillis;
    private final ObjectMapper mapper;
    /** Connections waiting for their next request, with the timer that closes them. */
    private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();

    public ConnectionDeadlines(Vertx vertx, Config config, ObjectMapper mapper) {
        this.vertx = vertx;
        this.keepAliveMillis = Math.max(1, config.keepAliveTimeout().toMillis());
        this.bodyMillis = Math.max(1, config.bodyTimeout().toMillis());
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::watch);
    }

    private void watch(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        HttpConnection connection = request.connection();
        Long idle = waiting.remove(connection);
        if (idle != null) {
            vertx.cancelTimer(idle);
        }
        Long body = request.isEnded() ? null : vertx.setTimer(bodyMillis, t -> {
            if (!request.isEnded()) {
                tooSlow(rc, connection);
            }
        });
        rc.addEndHandler(done -> {
            if (body != null) {
                vertx.cancelTimer(body);
            }
            if (request.version() != HttpVersion.HTTP_2) {
                long[] timer = new long[1];
                timer[0] = vertx.setTimer(keepAliveMillis, t -> {
                    if (waiting.remove(connection, timer[0])) {
                        connection.close();
                    }
                });
                waiting.put(connection, timer[0]);
            }
        });
        rc.next();
    }

    private void tooSlow(RoutingContext rc, HttpConnection connection) {
        if (rc.response().headWritten() || rc.response().ended()) {
            connection.close();
            return;
        }
        var problem = new ProblemException(408, "request_timeout", "Request body too slow",
                "The request body did not arrive within " + bodyMillis + " ms.");
        String json;
        try {
            json = mapper.writeValueAsString(Problem.of(problem, RequestIds.requestId(rc)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        rc.response().setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(json).onComplete(done -> connection.close());
    }
}
