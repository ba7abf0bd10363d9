package io.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.GrantRows;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StreamingTest {

    @TestHTTPResource("/llm/streaming/v1/chat/completions")
    URI endpoint;

    @TestHTTPResource("/llm/streaming-lag/v1/chat/completions")
    URI lagEndpoint;

    /**
     * Each event is released by the upstream only once the one before it has reached the caller,
     * and must reach the caller soon after the upstream wrote it: a relay that buffers, batches or
     * waits (a flush timer, Nagle's algorithm, a slow thread hop) fails the generous bound. The
     * words end their events as model tokens do ({@code "word0"}, {@code " word1"}, ...): a relay
     * that held an open word for a caller whose hold is off would send each one an event late.
     */
    @Test
    void relaysEveryEventPromptlyNotLate() throws Exception {
        // The first event goes at once (the gateway sends its response head with it); each later one
        // once the caller has the one before.
        UpstreamStubResource.lagGate = new java.util.concurrent.Semaphore(1);
        HttpRequest request = streamRequest(lagEndpoint);
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<Long> lagsMillis = new ArrayList<>();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            int event = 0;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: {")) {
                    long arrived = System.nanoTime();
                    assertThat(line).contains("word" + event);
                    lagsMillis.add((arrived - UpstreamStubResource.lagSentAt[event]) / 1_000_000);
                    event++;
                    UpstreamStubResource.lagGate.release();
                }
            }
        }
        assertThat(lagsMillis).hasSize(UpstreamStubResource.LAG_EVENTS);
        // Locally an event takes well under a millisecond; 200 ms leaves room for a loaded CI machine.
        assertThat(lagsMillis).allSatisfy(lag -> assertThat(lag).isLessThan(200));
    }

    @Test
    void passesServerSentEventsOnAsTheyArrive() throws Exception {
        UpstreamStubResource.streamGate = new CountDownLatch(1);
        HttpRequest request = streamRequest(endpoint);
        HttpResponse<java.util.stream.Stream<String>> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        for (Iterator<String> lines = response.body().iterator(); lines.hasNext(); ) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                events.add(line.substring(6));
                // The upstream holds the rest of its answer back until we have seen its first event:
                // had the gateway buffered the stream, the second event would say "gate-timeout".
                UpstreamStubResource.streamGate.countDown();
            }
        }
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).contains("\"first\"");
        assertThat(events.get(1)).contains("\"second\"");
        assertThat(events.get(2)).isEqualTo("[DONE]");
    }

    /**
     * As a caller with a Tier 2 grant for both routes, whose answers keep their e-mail addresses:
     * its streams hold no open word back, so every event must go on at once (a caller without a
     * grant waits one event for a word that ends an event; AnswerGuardTest covers that case).
     */
    private static HttpRequest streamRequest(URI uri) {
        String caller = "alice-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        GrantRows.activeOnRoute(caller, "streaming");
        GrantRows.activeOnRoute(caller, "streaming-lag");
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Tokens.developer(caller))
                .header(Purposes.HEADER, GrantRows.PURPOSE)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"stream please\"}]}"))
                .build();
    }
}
