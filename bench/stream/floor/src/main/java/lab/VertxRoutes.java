package lab;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The second cell: the same relays written on bare Vert.x routes (no Quarkus REST, no RestMulti, no Mutiny),
 * to tell the framework's share from the hops'. vx = ev, vxrx1 = rx1.
 */
@Singleton
public class VertxRoutes {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length", "set-cookie", "x-request-id", "server");

    private HttpClient client;
    private io.vertx.sqlclient.Pool pool;
    private RequestOptions target;

    void init(@Observes Router router, Vertx vertx, io.vertx.mutiny.sqlclient.Pool reactive,
            @ConfigProperty(name = "lab.upstream") String upstream) {
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000).setMaxPoolSize(200)
                .setKeepAlive(true).setTracingPolicy(TracingPolicy.IGNORE).setDecompressionSupported(false));
        pool = reactive.getDelegate();
        target = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(upstream).setIdleTimeout(120_000);
        // Quarkus hands its router the request paused: without resume() the body never arrives.
        router.post("/vx").handler(rc -> {
            rc.request().body().onSuccess(body -> relay(rc, body)).onFailure(rc::fail);
            rc.request().resume();
        });
        router.post("/vxrx1").handler(rc -> {
            rc.request().body().onSuccess(body ->
                    pool.preparedQuery("insert into ev(body) values ($1)").execute(Tuple.of(row(body)))
                            .onSuccess(rows -> relay(rc, body)).onFailure(rc::fail)).onFailure(rc::fail);
            rc.request().resume();
        });
    }

    private void relay(RoutingContext rc, Buffer body) {
        client.request(new RequestOptions(target)).compose(request -> {
            request.putHeader("content-type", "application/json").putHeader("accept", "text/event-stream");
            return request.send(body);
        }).onSuccess(response -> forward(rc.response(), response)).onFailure(f -> rc.response().setStatusCode(502).end());
    }

    private static void forward(HttpServerResponse out, HttpClientResponse in) {
        out.setStatusCode(in.statusCode());
        in.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                out.headers().add(h.getKey(), h.getValue());
            }
        });
        out.setChunked(true);
        Buffer[] pending = {Buffer.buffer()};
        in.handler(piece -> {
            Buffer held = pending[0].appendBuffer(piece);
            int last = -1;
            for (int i = held.length() - 2; i >= 0; i--) {
                if (held.getByte(i) == '\n' && held.getByte(i + 1) == '\n') {
                    last = i + 2;
                    break;
                }
            }
            if (last < 0) {
                pending[0] = held;
                return;
            }
            pending[0] = held.getBuffer(last, held.length());
            out.write(held.getBuffer(0, last));
        });
        in.endHandler(v -> {
            if (pending[0].length() > 0) {
                out.write(pending[0]);
            }
            out.end();
        });
        in.exceptionHandler(f -> out.reset());
    }

    private static String row(Buffer body) {
        StringBuilder row = new StringBuilder(640);
        String text = body.toString();
        while (row.length() < 600) {
            row.append(text);
        }
        row.setLength(600);
        return row.toString();
    }
}
