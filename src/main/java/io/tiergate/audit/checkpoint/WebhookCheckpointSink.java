package io.tiergate.audit.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checkpoints POSTed to a URL as {@code text/plain}, one line per request: for a receiver the
 * database owner does not control (a SIEM, a ticketing system, a function writing to a
 * write-once bucket). Any status but 2xx is a failure.
 */
public final class WebhookCheckpointSink implements CheckpointSink {

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    public WebhookCheckpointSink(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void publish(Checkpoint checkpoint) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "text/plain; charset=us-ascii")
                .POST(HttpRequest.BodyPublishers.ofString(checkpoint.line() + "\n")).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("the checkpoint webhook answered " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing a checkpoint", e);
        }
    }

    @Override
    public String describe() {
        return "webhook " + url.getScheme() + "://" + url.getAuthority() + url.getPath();
    }
}
