package io.tiergate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OPA server ({@code opa run --server}, the pinned build from {@code scripts/ensure-opa.sh})
 * on a free loopback port, loaded with {@code policies/} and the test fixtures in
 * {@code src/test/resources/opa-fixtures}. Exposes its URL as {@code tiergate.test.opa-url}.
 */
public class OpaServerResource implements QuarkusTestResourceLifecycleManager {

    private Process opa;

    @Override
    public Map<String, String> start() {
        String binary = Processes.run(List.of("bash", "scripts/ensure-opa.sh"), 900);
        int port = Processes.freePort();
        try {
            opa = new ProcessBuilder(binary, "run", "--server", "--addr", "127.0.0.1:" + port,
                    "--skip-version-check", "--disable-telemetry", "--log-level", "error", "--ignore", "contract", "--ignore", "*_test.rego",
                    "policies", "src/test/resources/opa-fixtures")
                    .directory(Processes.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Processes.root().resolve("target/opa-test.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "http://127.0.0.1:" + port;
        awaitHealthy(url);
        return Map.of("tiergate.test.opa-url", url);
    }

    private void awaitHealthy(String url) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!opa.isAlive()) {
                throw new IllegalStateException("opa exited with " + opa.exitValue() + "; see target/opa-test.log");
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                opa.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("opa did not become healthy within 30 s; see target/opa-test.log");
    }

    @Override
    public void stop() {
        if (opa != null) {
            opa.destroy();
            try {
                if (!opa.waitFor(10, TimeUnit.SECONDS)) {
                    opa.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
