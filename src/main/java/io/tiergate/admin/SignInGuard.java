package io.tiergate.admin;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.tiergate.http.RequestIds;
import io.tiergate.http.UnavailableProblem;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A browser without a console session would be redirected to the identity provider to sign in.
 * When the provider does not answer, that redirect leads to an unreachable page and looks like a
 * broken console: such a request gets a 503 page that says what is wrong instead. Whether the
 * provider answers is asked of its discovery document, at most every few seconds, off the event
 * loop; a signed-in browser (with a session cookie) goes on as before, its tokens verified locally.
 */
@Singleton
public class SignInGuard {

    private static final Logger LOG = Logger.getLogger(SignInGuard.class);
    /** How long one answer of the provider (or its silence) is believed. */
    private static final long FRESH_NANOS = Duration.ofSeconds(5).toNanos();
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final URI discovery;
    private final Template page;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private final AtomicReference<Probe> last = new AtomicReference<>();

    /** One probe of the provider: when it started and whether it answered. */
    private record Probe(long startedNanos, CompletableFuture<Boolean> answered) {
    }

    public SignInGuard(@ConfigProperty(name = "quarkus.oidc.admin.auth-server-url") String authServerUrl,
            @Location("admin/problem.html") Template page) {
        this.discovery = URI.create(authServerUrl.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        this.page = page;
    }

    void register(@Observes Router router) {
        // after the request ids (ROUTE_ORDER_HEADERS), before any page and any sign-in challenge
        router.route(AdminPaths.ROOT + "*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::guard);
    }

    private void guard(RoutingContext rc) {
        if (!wouldSignIn(rc)) {
            rc.next();
            return;
        }
        Context context = Vertx.currentContext();
        answers().whenComplete((up, failure) -> context.runOnContext(ignored -> {
            if (Boolean.TRUE.equals(up)) {
                rc.next();
            } else {
                unavailable(rc);
            }
        }));
    }

    /** A console page (not the public signed-out page) asked for without a session: the OIDC challenge would redirect. */
    private static boolean wouldSignIn(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!AdminPaths.isAdmin(path) || path.equals(AdminPaths.ROOT + "/signed-out")) {
            return false;
        }
        return rc.request().cookies().stream().noneMatch(c -> c.getName().startsWith("q_session"));
    }

    /** Whether the provider answered its discovery document lately (probing again when that is stale). */
    private CompletableFuture<Boolean> answers() {
        long now = System.nanoTime();
        Probe current = last.get();
        if (current != null && now - current.startedNanos() < FRESH_NANOS) {
            return current.answered();
        }
        Probe next = new Probe(now, new CompletableFuture<>());
        if (!last.compareAndSet(current, next)) {
            return last.get().answered();
        }
        HttpRequest request = HttpRequest.newBuilder(discovery).timeout(PROBE_TIMEOUT).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            boolean up = failure == null && response.statusCode() < 500;
            if (!up) {
                LOG.warnf("the identity provider does not answer (%s): console sign-ins get 503",
                        failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode());
            }
            next.answered().complete(up);
        });
        return next.answered();
    }

    private void unavailable(RoutingContext rc) {
        var problem = new UnavailableProblem("identity_provider_unavailable", "Sign-in unavailable",
                "The identity provider that signs you in to the console does not answer. Try again in a minute; "
                        + "if it persists, tell the team that runs the identity provider.");
        String html;
        try {
            html = page.data("problem", problem).data("requestId", RequestIds.requestId(rc)).data("forbidden", false)
                    .data("reasons", List.of()).render();
        } catch (RuntimeException e) {
            // the answer must go out whatever happens to the page
            LOG.error("the sign-in unavailable page could not be rendered", e);
            html = "<!DOCTYPE html><title>Sign-in unavailable</title><p>" + problem.detail() + "</p>";
        }
        rc.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
                .putHeader("Retry-After", "30").putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(html);
    }
}
