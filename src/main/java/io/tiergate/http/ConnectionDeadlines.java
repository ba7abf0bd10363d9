package io.tiergate.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
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
 * A deadline Vert.x does not keep by itself (docs/RELIABILITY.md, "Slow and idle clients"): a
 * kept-alive HTTP/1 connection that sends no next request within {@code keep-alive-timeout} is
 * closed. {@code quarkus.http.idle-timeout} still closes any connection on which nothing moves at all.
 */
@Singleton
public class ConnectionDeadlines {

    /** The deadline: how long one client may hold a connection without using it. */
    @ConfigMapping(prefix = "tiergate.http")
    public interface Config {

        /** Longest a kept-alive connection may wait for its next request. */
        @WithDefault("10s")
        Duration keepAliveTimeout();
    }

    private final Vertx vertx;
    private final long keepAliveMillis;

    /** Connections waiting for their next request, with the timer that closes them. */
    private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();

    public ConnectionDeadlines(Vertx vertx, Config config) {
        this.vertx = vertx;
        this.keepAliveMillis = Math.max(1, config.keepAliveTimeout().toMillis());
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
        rc.addEndHandler(done -> {
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
}
