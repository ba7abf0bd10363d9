package lab;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Optional: after start-up, sends {@code lab.self-warm-up} calls (model "warm-up": the upstream answers without pauses)
 * through the app's own HTTP path {@code lab.self-warm-up.path}, so the server, the relay, the upstream client and the
 * database client are compiled before the first caller; logs "self warm-up done" (run.sh waits for it).
 */
@Singleton
public class SelfWarmUp {

    private static final Logger LOG = Logger.getLogger(SelfWarmUp.class);
    private static final Buffer BODY = Buffer.buffer("{\"model\": \"warm-up\", \"stream\": true, \"messages\": "
            + "[{\"role\": \"user\", \"content\": \"Tell me about release trains.\"}]}");

    void start(@Observes StartupEvent event, Vertx vertx, @ConfigProperty(name = "lab.self-warm-up", defaultValue = "0") int calls,
            @ConfigProperty(name = "lab.self-warm-up.path", defaultValue = "/ev") String path,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        if (calls == 0) {
            return;
        }
        Thread thread = new Thread(() -> {
            long t0 = System.nanoTime();
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
            for (int i = 0; i < calls; i++) {
                client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(path))
                        .chain(request -> request.putHeader("content-type", "application/json").send(BODY))
                        .chain(response -> response.body())
                        .await().atMost(Duration.ofSeconds(10));
            }
            client.closeAndAwait();
            LOG.warnf("self warm-up done: %d calls of %s in %d ms", calls, path, (System.nanoTime() - t0) / 1_000_000);
        }, "lab-self-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
