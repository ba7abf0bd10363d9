package io.tiergate.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.testing.TightLimits;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow and idle clients do not keep a connection (2 s deadlines here): a head or a body trickled in,
 * a connection that sends nothing, a kept-alive connection without a next request are closed; a
 * request sent promptly is answered, however long the gateway then takes over it.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class ConnectionDeadlinesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final String COMPLETION = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"model\":\"gpt-test\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hello\"},\"finish_reason\":\"stop\"}]}";

    @TestHTTPResource("/")
    URI root;

    @InjectUpstream
    WireMockServer upstream;

    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void slowVendor() {
        upstream.resetAll();
        // answers after 3.5 s, past the 2 s deadlines
        upstream.stubFor(post(urlEqualTo("/vendor/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withFixedDelay(3500).withBody(COMPLETION)));
    }

    @AfterEach
    void stopTrickling() {
        trickler.shutdownNow();
    }

    @Test
    void aKeptAliveConnectionWithoutANextRequestIsClosedAfterTheKeepAliveTimeout() throws IOException {
        try (Socket socket = open()) {
            send(socket, "GET /q/openapi HTTP/1.1\r\nHost: x\r\n\r\n");
            Instant sent = Instant.now();
            String response = readToClose(socket);
            assertThat(response).startsWith("HTTP/1.1 200");
            assertClosedAfterTheDeadline(sent);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws IOException {
        try (Socket socket = open()) {
            Instant opened = Instant.now();
            assertThat(readToClose(socket)).isEmpty();
            assertClosedAfterTheDeadline(opened);
        }
    }

    @Test
    void aHeadTrickledInIsAnswered408AndClosed() throws IOException {
        try (Socket socket = open()) {
            Instant started = Instant.now();
            send(socket, "GET /q/openapi HTTP/1.1\r\nHost: x\r\n");
            trickle(socket, "X-Padding: " + "a".repeat(4000));
            String response = readToClose(socket);
            assertThat(response).startsWith("HTTP/1.1 408").contains("application/problem+json").contains("\"code\":\"request_timeout\"");
            assertClosedAfterTheDeadline(started);
        }
    }

    @Test
    void aBodyTrickledInIsClosedAfterTheBodyTimeout() throws IOException {
        try (Socket socket = open()) {
            send(socket, chatHead(4000) + "{\"model\":\"gpt-test\"");
            Instant headSent = Instant.now();
            trickle(socket, " ".repeat(3900));
            String response = readToClose(socket);
            assertThat(response).isEmpty();
            assertClosedAfterTheDeadline(headSent);
        }
    }

    @Test
    void aRequestSentPromptlyIsAnsweredHoweverLongTheUpstreamTakes() throws IOException {
        String body = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        try (Socket socket = open()) {
            Instant sent = Instant.now();
            send(socket, chatHead(body.getBytes(StandardCharsets.UTF_8).length) + body);
            String response = readHead(socket.getInputStream());
            // the upstream's 3.5 s, past the 2 s body deadline: the deadline counted the caller's sending only
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(Duration.between(sent, Instant.now())).isGreaterThan(DEADLINE);
            // and the kept-alive connection serves the next request
            send(socket, "GET /q/openapi HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(readToClose(socket)).contains("HTTP/1.1 200");
        }
    }

    @Test
    void aRequestLineOrHeadersTooLongAreAnsweredAsProblemsAndClosed() throws IOException {
        try (Socket socket = open()) {
            send(socket, "GET /api/audit/events?resource=" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            String response = readToClose(socket);
            assertThat(response).startsWith("HTTP/1.1 414").contains("application/problem+json").contains("\"code\":\"uri_too_long\"");
        }
        try (Socket socket = open()) {
            send(socket, "GET /q/openapi HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(20_000) + "\r\n\r\n");
            String response = readToClose(socket);
            assertThat(response).startsWith("HTTP/1.1 431").contains("application/problem+json").contains("\"code\":\"headers_too_large\"");
        }
    }

    private Socket open() throws IOException {
        Socket socket = new Socket(root.getHost(), root.getPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static String chatHead(int length) {
        return "POST /llm/vendor/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Tokens.developer("alice")
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends one byte of {@code text} every 200 ms from another thread, until the connection breaks. */
    private void trickle(Socket socket, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int[] next = {0};
        trickler.scheduleAtFixedRate(() -> {
            try {
                if (next[0] < bytes.length) {
                    socket.getOutputStream().write(bytes[next[0]++]);
                }
            } catch (IOException closed) {
                throw new IllegalStateException(closed); // ends the schedule
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** Closed by the gateway (end of stream), not by our read timeout, after the deadline and well before 30 s. */
    private static void assertClosedAfterTheDeadline(Instant from) {
        assertThat(Duration.between(from, Instant.now())).isBetween(DEADLINE.minusMillis(300), Duration.ofSeconds(12));
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToClose(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** One response: its head, and a body of the length it announces. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        String text = head.toString();
        int length = text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
