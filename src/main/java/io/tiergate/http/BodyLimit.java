package io.tiergate.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body larger than {@code quarkus.http.limits.max-body-size} with a problem document
 * before any of it is read (from its declared length), and turns the server's own 413 for bodies
 * that grow past the limit while streaming into the same problem document.
 */
@Singleton
public class BodyLimit {

    private final long maxBodySize;
    private final ObjectMapper mapper;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper mapper) {
        this.maxBodySize = maxBodySize.asLongValue();
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::checkDeclaredLength);
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).failureHandler(this::tooLarge);
    }

    private void checkDeclaredLength(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredTooLarge(length)) {
            refuse(rc);
        } else {
            rc.next();
        }
    }

    private boolean declaredTooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed length itself
        }
    }

    private void tooLarge(RoutingContext rc) {
        if (rc.statusCode() == 413 && !rc.response().headWritten()) {
            refuse(rc);
        } else {
            rc.next();
        }
    }

    private void refuse(RoutingContext rc) {
        // Vert.x answers here, before JAX-RS: the same problem document ProblemMapper writes.
        var problem = new PayloadTooLargeProblem("The request body exceeds the limit of " + maxBodySize + " bytes.");
        boolean http1 = rc.request().version() != io.vertx.core.http.HttpVersion.HTTP_2;
        if (http1) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ProblemResponses.end(rc, problem, mapper)
                // Do not read the rest of an oversized body: close an HTTP/1 connection once refused.
                .onComplete(done -> {
                    if (http1) {
                        rc.request().connection().close();
                    }
                });
    }
}
