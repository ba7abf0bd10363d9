package lab;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The gateway's UpstreamClient without telemetry and error mapping: same options, same pooling, same pause/relay. */
@Singleton
public class Upstream {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length", "set-cookie", "x-request-id", "server");

    private final HttpClient client;
    private final String target;

    public Upstream(Vertx vertx, @ConfigProperty(name = "lab.upstream") String target) {
        this.target = target;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(2000)
                .setMaxPoolSize(200)
                .setKeepAlive(true)
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setDecompressionSupported(false));
    }

    public record Response(int status, Map<String, List<String>> headers, Multi<Buffer> body) {
    }

    public Uni<Response> send(Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(target)
                .setIdleTimeout(120_000);
        return client.request(options).onItem().transformToUni(request -> {
            request.putHeader("content-type", "application/json").putHeader("accept", "text/event-stream");
            return request.send(body)
                    .onItem().invoke(HttpClientResponse::pause)
                    .onItem().transform(response -> new Response(response.statusCode(), passable(response.headers()),
                            events(response.toMulti()).onCancellation().invoke(() -> request.reset())));
        });
    }

    /**
     * Re-frames the body into whole SSE events ("...\n\n"), as an SSE-aware gateway does: a TCP read can end
     * inside an event, and a relay that forwards the piece splits the event (measure.py then misses a stamp).
     * A body that is not SSE goes out when it ends.
     */
    static Multi<Buffer> events(Multi<Buffer> body) {
        Buffer[] pending = {Buffer.buffer()};
        return body.onItem().transformToIterable(piece -> {
            Buffer held = pending[0].appendBuffer(piece);
            int last = lastEventEnd(held);
            if (last < 0) {
                return List.of();
            }
            pending[0] = held.getBuffer(last, held.length());
            return List.of(held.getBuffer(0, last));
        }).onCompletion().switchTo(() -> pending[0].length() == 0 ? Multi.createFrom().empty()
                : Multi.createFrom().item(pending[0]));
    }

    private static int lastEventEnd(Buffer held) {
        for (int i = held.length() - 2; i >= 0; i--) {
            if (held.getByte(i) == '\n' && held.getByte(i + 1) == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    private static Map<String, List<String>> passable(MultiMap headers) {
        Map<String, List<String>> passable = new LinkedHashMap<>();
        for (var entry : headers) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name)) {
                passable.computeIfAbsent(name, n -> new ArrayList<>()).add(entry.getValue());
            }
        }
        return passable;
    }
}
