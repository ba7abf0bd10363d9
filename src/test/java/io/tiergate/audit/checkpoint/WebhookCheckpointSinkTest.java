package io.tiergate.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tiergate.audit.AuditChain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sink hands each checkpoint to a receiver as one text line, and a refusal is a failure, not a success. */
class WebhookCheckpointSinkTest {

    HttpServer receiver;
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile int status = 204;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/checkpoints", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Content-Type") + " | "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void postsTheSignedLineAndTreatsAnythingButSuccessAsAFailure() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Checkpoint checkpoint = Checkpoint.sign(7, AuditChain.GENESIS.replace('0', 'a'), Instant.parse("2026-12-01T10:00:00Z"), "gw-1",
                pair.getPrivate());
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/checkpoints");
        WebhookCheckpointSink sink = new WebhookCheckpointSink(url, Duration.ofSeconds(5));

        sink.publish(checkpoint);
        assertThat(received).containsExactly("text/plain; charset=us-ascii | " + checkpoint.line() + "\n");
        assertThat(Checkpoint.parse(received.get(0).split(" \\| ")[1]).signedBy(pair.getPublic())).isTrue();

        status = 500;
        assertThatThrownBy(() -> sink.publish(checkpoint)).isInstanceOf(IOException.class).hasMessageContaining("500");
        receiver.stop(0);
        assertThatThrownBy(() -> sink.publish(checkpoint)).isInstanceOf(IOException.class);
    }
}
