package io.tiergate.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * A call without any credential to a bearer-token route ({@code /api/}, {@code /llm/},
 * {@code /datasets/}) is answered 401 here, with the document and challenge the endpoints would
 * send, before routing, security and JAX-RS see it. Through them such a refusal cost ~0.9 ms of CPU
 * once warm and ~3 ms while its code was still cold (docs/PERFORMANCE.md, "Refusing calls without a
 * credential"), so a flood of them (a greedy client's thousands of new connections) took the cores
 * from callers with tokens. It also takes no caller's slot, and tells a caller without a token
 * nothing of which routes exist (an unknown {@code /api/} path is 401 to it, not 404).
 *
 * <p>Only the header's absence is judged: a call with any {@code Authorization} goes on, and its
 * token is verified (or refused) by OIDC as before. {@code OPTIONS} goes on too (a preflight carries
 * no credential). The console ({@code /admin}) signs in with its own flow and is not concerned.
 */
@Singleton
public class MissingCredentials {

    private static final String[] BEARER_ROUTES = {"/api/", "/llm/", "/datasets/"};
    private static final String CHALLENGE_HEADER = "WWW-Authenticate";
    private static final String CHALLENGE = "Bearer";

    private final ObjectMapper mapper;

    public MissingCredentials(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void register(@Observes @Priority(Interceptor.Priority.APPLICATION + 550) Router router) {
        // with the request ids, just after them (a later observer, the same route order), before the
        // caller limit (a later observer still) and before authentication
        for (String route : BEARER_ROUTES) {
            router.route(route + "*").order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::refuseWithout);
        }
    }

    private void refuseWithout(RoutingContext rc) {
        if (rc.request().method() == HttpMethod.OPTIONS || rc.request().headers().contains(HttpHeaders.AUTHORIZATION)) {
            rc.next();
            return;
        }
        rc.response().putHeader(CHALLENGE_HEADER, CHALLENGE);
        ProblemResponses.end(rc, HttpProblems.unauthenticated(), mapper);
    }
}
