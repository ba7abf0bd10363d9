package io.tiergate.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stand-ins for the upstreams Tiergate fronts (never for a part of Tiergate): a WireMock server
 * for LLM vendors and dataset services, and a streaming chat server that sends its first event,
 * then holds the rest back until the test releases it — so a test can prove that the gateway
 * passes events on as they arrive instead of buffering the whole answer.
 */
public class UpstreamStubResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a test field that receives the WireMock server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectUpstream {
    }

    /** Released by a test once it has seen the first streamed event through the gateway. */
    public static volatile CountDownLatch streamGate = new CountDownLatch(1);

    /** Events of the lag stream: the test releases each one ({@link #lagGate}) and reads when it was written. */
    public static final int LAG_EVENTS = 5;
    public static final long[] lagSentAt = new long[LAG_EVENTS];
    public static volatile java.util.concurrent.Semaphore lagGate = new java.util.concurrent.Semaphore(0);

    /**
     * Scripted answers of the {@code /answers} upstream, by the request's {@code model}: the events
     * of a streamed answer (or the pieces of a whole one), {@link #CUT} where the upstream dies.
     */
    public static final Map<String, List<String>> ANSWERS = new java.util.concurrent.ConcurrentHashMap<>();
    public static final String CUT = "<cut>";

    private WireMockServer wireMock;
    private HttpServer streamServer;

    @Override
    public Map<String, String> start() {
        wireMock = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        System.setProperty("sun.net.httpserver.nodelay", "true"); // small writes leave at once (no Nagle)
        try {
            streamServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        streamServer.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(event("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"first\"}}]}"));
                out.flush();
                boolean released = streamGate.await(20, TimeUnit.SECONDS);
                out.write(event("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                        + (released ? "second" : "gate-timeout") + "\"},\"finish_reason\":\"stop\"}]}"));
                out.write(event("[DONE]"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        streamServer.createContext("/lag/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < LAG_EVENTS; i++) {
                    if (!lagGate.tryAcquire(20, TimeUnit.SECONDS)) {
                        break;
                    }
                    lagSentAt[i] = System.nanoTime();
                    out.write(event("{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{\"content\":\"" + (i == 0 ? "" : " ") + "word" + i + "\"}}]}"));
                    out.flush();
                }
                out.write(event("[DONE]"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        streamServer.createContext("/answers/v1/chat/completions", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String model = request.replaceAll("(?s).*\"model\":\"([^\"]*)\".*", "$1");
            List<String> script = ANSWERS.getOrDefault(model, List.of("{\"error\":\"no such script\"}"));
            boolean stream = request.contains("\"stream\":true");
            exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String item : script) {
                    if (item.equals(CUT)) {
                        return; // the upstream dies mid-answer
                    }
                    out.write(stream ? event(item) : item.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        streamServer.start();
        return Map.of(
                "tiergate.test.upstream-url", wireMock.baseUrl(),
                "tiergate.test.stream-upstream-url", "http://127.0.0.1:" + streamServer.getAddress().getPort(),
                "tiergate.test.closed-port", String.valueOf(Processes.freePort()));
    }

    private static byte[] event(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(wireMock, new TestInjector.AnnotatedAndMatchesType(InjectUpstream.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (wireMock != null) {
            wireMock.stop();
        }
        if (streamServer != null) {
            streamServer.stop(0);
        }
    }
}
