package io.tiergate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tiergate.capture.CaptureWriter;
import io.tiergate.capture.CapturedCall;
import io.tiergate.capture.CapturedPart;
import io.tiergate.http.TimeOrderedIds;
import io.tiergate.policy.Decision.Capture;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.SubjectType;
import java.nio.charset.StandardCharsets;
import io.tiergate.testing.LentConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The capture writer's sustained rate into a real PostgreSQL: one producer thread hands over
 * captures of calls with a prompt of PROMPT_BYTES (default 4096) as fast as the queue takes them,
 * the writer renders ({@code full}: the bytes as they went) and inserts them in multi-row INSERTs
 * on one connection (the pool's, in the gateway); the rate counted is rows committed per second
 * after a warm-up. Run by bench/capture/writer-throughput.sh against a private PostgreSQL.
 *
 * <pre>java ... io.tiergate.bench.CaptureWriterThroughput JDBC_URL USER PASSWORD SECONDS [PROMPT_BYTES [MAX_BATCH [WAIT_FOR_FLUSH]]]</pre>
 */
public final class CaptureWriterThroughput {

    private CaptureWriterThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int seconds = Integer.parseInt(args[3]);
        int promptBytes = args.length > 4 ? Integer.parseInt(args[4]) : 4096;
        int maxBatch = args.length > 5 ? Integer.parseInt(args[5]) : 500;
        boolean waitForFlush = args.length > 6 && Boolean.parseBoolean(args[6]);
        Connection connection = DriverManager.getConnection(url, args[1], args[2]);
        CaptureWriter writer = new CaptureWriter(new LentConnection(connection), new CaptureWriter.Settings(true, 10_000, maxBatch, Duration.ofDays(1), waitForFlush), null, Clock.systemUTC(),
                new SimpleMeterRegistry());
        byte[] request = request(promptBytes);
        byte[] answer = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"" + "The answer is short. ".repeat(20) + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1024,\"completion_tokens\":110,\"total_tokens\":1134}}").getBytes(StandardCharsets.UTF_8);
        CapturedPart requestPart = part(request);
        CapturedPart answerPart = part(answer);
        Subject subject = new Subject("https://idp.example#sub-bench", SubjectType.SERVICE, List.of("service"), List.of());
        List<FindingCount> none = List.of();
        writer.startWriter();
        long warmup = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long end = warmup + Duration.ofSeconds(seconds).toNanos();
        long startWritten = -1;
        long submitted = 0;
        long refused = 0;
        while (System.nanoTime() < end) {
            if (startWritten < 0 && System.nanoTime() >= warmup) {
                startWritten = writer.written();
            }
            CapturedCall call = new CapturedCall(TimeOrderedIds.next(), Instant.now(), "bench-route", null, subject, "evaluation",
                    Capture.FULL, 1, none, none, requestPart, answerPart, 850_000_000L, -1, 200);
            if (writer.submit(call)) {
                submitted++;
            } else {
                refused++;
                LockSupport.parkNanos(200_000); // the queue is full: the writer is the bottleneck, as measured
            }
        }
        long written = writer.written() - startWritten;
        System.out.printf("prompt %d bytes, batch up to %d, wait for flush %s: %d captures written in %d s = %.0f captures/s (%d submitted, %d refused "
                + "while the queue was full)%n", promptBytes, maxBatch, waitForFlush, written, seconds, written / (double) seconds, submitted, refused);
        writer.stopWriter();
        connection.close();
    }

    private static byte[] request(int promptBytes) {
        ObjectNode root = new ObjectMapper().createObjectNode().put("model", "bench-model");
        StringBuilder prompt = new StringBuilder(promptBytes);
        while (prompt.length() < promptBytes) {
            prompt.append("Summarise the release notes of the platform team for the last sprint, in plain words. ");
        }
        prompt.setLength(promptBytes);
        root.putArray("messages").addObject().put("role", "user").put("content", prompt.toString());
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A part as the proxy hands it over for a {@code full} capture: the bytes that went, turned into text by the writer. */
    private static CapturedPart part(byte[] sent) {
        JsonNode model = new ObjectMapper().getNodeFactory().textNode("bench-model");
        return new CapturedPart() {
            @Override
            public String json(Capture mode) {
                return new String(sent, StandardCharsets.UTF_8);
            }

            @Override
            public JsonNode member(String name) {
                return "model".equals(name) ? model : null;
            }
        };
    }
}
