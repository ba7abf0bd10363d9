package lab;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * 0. The server alone: answers as bench/stream/upstream.py does (12 events, 50 ms apart, stamped with
 * System.nanoTime, which is CLOCK_MONOTONIC on Linux as the upstream's stamp), with no upstream hop.
 */
@Path("/")
public class LocalResource {

    @POST
    @Path("local")
    @NonBlocking
    public RestMulti<Buffer> local(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        boolean warmUp = text.contains("\"warm-up\"");
        if (!text.contains("\"stream\": true")) {
            Buffer plain = Buffer.buffer("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"bench\","
                    + "\"system_fingerprint\":\"" + stamp() + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"word\"},\"finish_reason\":\"stop\"}]}");
            return RestMulti.fromMultiData(Multi.createFrom().item(plain)).header("content-type", "application/json").build();
        }
        Multi<Long> ticks = warmUp ? Multi.createFrom().range(0, 12).map(Integer::longValue)
                : Multi.createBy().concatenating().streams(Multi.createFrom().item(0L),
                        Multi.createFrom().ticks().every(Duration.ofMillis(50)).map(t -> t + 1).select().first(11));
        Multi<Buffer> events = ticks.map(i -> Buffer.buffer("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
                + "\"created\":0,\"model\":\"bench\",\"system_fingerprint\":\"" + stamp() + "\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":\"" + (i == 0 ? "" : " ") + "word" + i + "\"},\"finish_reason\":null}]}\n\n"));
        return RestMulti.fromMultiData(Multi.createBy().concatenating().streams(events,
                        Multi.createFrom().item(Buffer.buffer("data: [DONE]\n\n"))))
                .header("content-type", "text/event-stream").header("cache-control", "no-cache").build();
    }

    private static String stamp() {
        StringBuilder s = new StringBuilder("sent-");
        for (char c : Long.toString(System.nanoTime()).toCharArray()) {
            s.append((char) ('a' + (c - '0')));
        }
        return s.toString();
    }
}
