package io.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Idle clients do not keep a connection: an idle keep-alive is closed after the keep-alive timeout. */
@QuarkusTest
class ConnectionDeadlinesTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET /q/openapi HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Instant sent = Instant.now();
            String response = readToClose(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200");
            // closed by the gateway (end of stream), not by our read timeout: after the 10 s keep-alive timeout
            assertThat(Duration.between(sent, Instant.now())).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(25));
        }
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToClose(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
