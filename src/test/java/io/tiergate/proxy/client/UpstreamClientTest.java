package io.tiergate.proxy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.CatalogConfig;
import io.tiergate.ops.Telemetry;
import io.tiergate.proxy.ProxyConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller that stops reading an answer (a stream cut because its answer was refused, a client
 * gone) must not break the pooled connection of another call: with one connection per upstream,
 * the first call's answer has ended, its connection already serves the second call, and then the
 * first body is cancelled. And an answer still coming is still stopped at the upstream; one that
 * breaks off is the upstream's failure (502), not the caller's.
 */
class UpstreamClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ANSWER = "data: {\"choices\":[{\"delta\":{\"content\":\"one\"}}]}\n\n"
            + "data: {\"choices\":[{\"delta\":{\"content\":\"two\"}}]}\n\n" + "data: [DONE]\n\n";

    private HttpServer upstream;
    private Vertx vertx;
    private UpstreamClient client;
    private final List<Integer> callerPorts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch heldArrived = new CountDownLatch(1);
    private final CountDownLatch releaseHeld = new CountDownLatch(1);
    private final CountDownLatch endlessCut = new CountDownLatch(1);
    private final AtomicInteger endlessEvents = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        upstream.createContext("/answered", exchange -> {
            arrived(exchange);
            respond(exchange, "text/event-stream", ANSWER);
        });
        upstream.createContext("/held", exchange -> {
            arrived(exchange);
            heldArrived.countDown();
            try {
                releaseHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, "application/json", "{\"answer\":\"held\"}");
        });
        upstream.createContext("/endless", exchange -> {
            arrived(exchange);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (long deadline = System.nanoTime() + WAIT.toNanos(); System.nanoTime() < deadline; ) {
                    out.write("data: {\"choices\":[{\"delta\":{\"content\":\"more\"}}]}\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    endlessEvents.incrementAndGet();
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                endlessCut.countDown(); // the gateway closed the connection: the upstream stops writing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstream.createContext("/broken", exchange -> {
            arrived(exchange);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write("{\"choices\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            throw new IllegalStateException("the upstream dies mid-answer"); // the server closes the connection
        });
        upstream.start();
        vertx = Vertx.vertx();
        client = new UpstreamClient(vertx, config(1), new Telemetry(new SimpleMeterRegistry(), new Catalog(emptyCatalog()),
                OpenTelemetry.noop(), true));
    }

    private void arrived(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        callerPorts.add(exchange.getRemoteAddress().getPort());
    }

    @AfterEach
    void stop() {
        releaseHeld.countDown();
        client.close();
        vertx.closeAndAwait();
        upstream.stop(0);
    }

    @Test
    void cancellingAnEndedAnswerLeavesItsPooledConnectionToTheNextCall() throws Exception {
        UpstreamClient.Response first = send("/answered").await().atMost(WAIT);
        // the one pooled connection goes to the second call only once the first answer has ended on it
        CompletableFuture<UpstreamClient.Response> second = send("/held").subscribeAsCompletionStage();
        assertThat(heldArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(callerPorts).hasSize(2).containsOnly(callerPorts.get(0));

        // the first caller reads one event and stops (as a cut stream does)
        List<Buffer> read = first.body().select().first().collect().asList().await().atMost(WAIT);
        assertThat(read).hasSize(1);
        releaseHeld.countDown();

        UpstreamClient.Response answered = second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.body().collect().in(StringBuilder::new, (all, b) -> all.append(b.toString())).await().atMost(WAIT))
                .hasToString("{\"answer\":\"held\"}");
    }

    @Test
    void cancellingAnAnswerStillComingStopsItAtTheUpstream() throws Exception {
        UpstreamClient.Response endless = send("/endless").await().atMost(WAIT);
        List<Buffer> read = endless.body().select().first().collect().asList().await().atMost(WAIT);
        assertThat(read).hasSize(1);
        assertThat(endlessCut.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the upstream sees its connection closed (it wrote %d events)", endlessEvents.get())
                .isTrue();

        // and the next call gets a connection of its own
        releaseHeld.countDown();
        assertThat(send("/held").await().atMost(WAIT).status()).isEqualTo(200);
    }

    @Test
    void anAnswerThatBreaksOffFailsAsAnUnavailableUpstream() {
        UpstreamClient.Response broken = send("/broken").await().atMost(WAIT);
        assertThat(broken.status()).isEqualTo(200);
        assertThatThrownBy(() -> broken.body().collect().asList().await().atMost(WAIT))
                .isInstanceOf(UpstreamException.class)
                .satisfies(e -> assertThat(((UpstreamException) e).status()).isEqualTo(502));
    }

    @Test
    void anAnswerBrokenOffBeforeItsBodyIsReadFailsAsAnUnavailableUpstream() {
        UpstreamClient.Response broken = send("/broken").await().atMost(WAIT);
        // the one pooled connection serves another call only once the broken one is closed: its body is read after that
        assertThat(send("/answered").await().atMost(WAIT).status()).isEqualTo(200);
        assertThatThrownBy(() -> broken.body().collect().asList().await().atMost(WAIT))
                .isInstanceOf(UpstreamException.class)
                .satisfies(e -> assertThat(((UpstreamException) e).status()).isEqualTo(502));
    }

    private static void respond(HttpExchange exchange, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private io.smallrye.mutiny.Uni<UpstreamClient.Response> send(String path) {
        return client.send("stub", HttpMethod.POST, URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + path),
                MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"), Buffer.buffer("{}"));
    }

    /**
     * The client's settings, one connection per upstream. A dynamic proxy, not a class: Quarkus
     * indexes the test classes, and a class overriding the mapping's {@code @Min} methods would
     * be refused for its interceptor bindings.
     */
    private static ProxyConfig config(int connections) {
        Map<String, Object> values = Map.of("connectTimeout", Duration.ofSeconds(2), "idleTimeout", WAIT.multipliedBy(2),
                "maxConnectionsPerUpstream", connections, "maxAnswerBytes", 1 << 20, "streamMaxHold", 8192,
                "streamMaxEventBytes", 1 << 20, "warmUp", Duration.ZERO);
        return (ProxyConfig) java.lang.reflect.Proxy.newProxyInstance(ProxyConfig.class.getClassLoader(),
                new Class<?>[] {ProxyConfig.class}, (proxy, method, args) -> values.get(method.getName()));
    }

    /** A catalog with no datasets and no routes (the client names its upstream only in metrics). */
    private static CatalogConfig emptyCatalog() {
        return new CatalogConfig() {
            @Override
            public Map<String, DatasetConfig> datasets() {
                return Map.of();
            }

            @Override
            public Map<String, RouteConfig> routes() {
                return Map.of();
            }
        };
    }
}
