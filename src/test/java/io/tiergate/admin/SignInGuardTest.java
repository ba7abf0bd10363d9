package io.tiergate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sign-in guard on a real Vert.x router: a console page asked for without a session gets 503
 * when the identity provider does not answer, and goes on when it does; a signed-in browser and the
 * public signed-out page always go on.
 */
class SignInGuardTest {

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSignInWhileTheProviderIsDownGets503AndASignedInBrowserGoesOn() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens there once closed
        }
        int port = gateway("http://127.0.0.1:" + closed + "/realms/tiergate");

        HttpResponse<String> signIn = get(port, "/admin/catalog", null);
        assertThat(signIn.statusCode()).isEqualTo(503);
        assertThat(signIn.headers().firstValue("Retry-After")).contains("30");
        assertThat(signIn.body()).contains("Sign-in unavailable").contains("identity_provider_unavailable");

        assertThat(get(port, "/admin/catalog", "q_session_admin=abc").statusCode()).as("signed in: tokens verified locally")
                .isEqualTo(200);
        assertThat(get(port, "/admin/signed-out", null).statusCode()).isEqualTo(200);
        assertThat(get(port, "/api/audit/events", null).statusCode()).as("not the console").isEqualTo(200);
    }

    @Test
    void aSignInWhileTheProviderAnswersGoesOnToTheRedirect() throws Exception {
        HttpServer provider = vertx.createHttpServer().requestHandler(r -> r.response().end("{}"));
        int providerPort = provider.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        int port = gateway("http://127.0.0.1:" + providerPort + "/realms/tiergate");
        assertThat(get(port, "/admin/catalog", null).statusCode()).isEqualTo(200);
    }

    /** A router with the guard in front of a page that answers 200, as the console's would after it. */
    private int gateway(String authServerUrl) throws Exception {
        SignInGuard guard = new SignInGuard(authServerUrl,
                Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver()).build()
                        .parse("{problem.title} ({problem.code}) {requestId}"));
        Router router = Router.router(vertx);
        guard.register(router);
        router.route().order(io.quarkus.vertx.http.runtime.RouteConstants.ROUTE_ORDER_DEFAULT).handler(rc -> rc.response().end("page"));
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();
    }

    private HttpResponse<String> get(int port, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(java.time.Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
