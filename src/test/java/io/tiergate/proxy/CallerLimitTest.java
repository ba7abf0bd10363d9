package io.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tiergate.testing.TightLimits;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One caller's calls beyond its share wait, then are refused, while another caller is served
 * (here: three calls in progress and one waiting per caller, and two shared by all callers before
 * each is held to its equal part).
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class CallerLimitTest {

    @InjectUpstream
    WireMockServer upstream;

    @Inject
    CallerLimit limit;

    @BeforeEach
    void slowVendor() {
        upstream.resetAll();
        upstream.stubFor(post(urlEqualTo("/vendor/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(LlmProxyTest.COMPLETION)));
        // the greedy caller's calls take their time at the upstream (10 s: its first calls hold their slots)
        upstream.stubFor(post(urlEqualTo("/vendor/v1/chat/completions")).withRequestBody(containing("slowly"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withFixedDelay(10_000).withBody(LlmProxyTest.COMPLETION)));
    }

    @Test
    void aGreedyCallersExtraCallsWaitOrAreRefusedWhileAnotherCallerIsServed() {
        String greedy = Tokens.developer("alice");
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> chat(greedy, "slowly"));
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> chat(greedy, "slowly"));
        await().atMost(Duration.ofSeconds(10)).until(() -> limit.inProgress("Bearer " + greedy) == 2);
        // the gateway's two shared slots are in use and alice is its only caller: her equal part is
        // two, so her third call waits though her own limit is three
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> chat(greedy, "slowly"));
        await().atMost(Duration.ofSeconds(10)).until(() -> limit.waiting("Bearer " + greedy) == 1);

        // the queue (one place) is full: the next call of the same caller is refused, after the refusal delay
        // (600 ms here), so that a client resending at once on every refusal is slowed down
        long asked = System.nanoTime();
        chat(greedy, "slowly").then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("code", equalTo("too_many_concurrent_calls"));
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        // another caller is not held up by the greedy one: a caller with no call in progress always starts
        chat(Tokens.developer("bob"), "hello").then().statusCode(200);
        assertThat(first).isNotDone();
        assertThat(limit.inProgress("Bearer " + greedy)).isEqualTo(2);
        assertThat(limit.waiting("Bearer " + greedy)).isEqualTo(1);

        assertThat(first.join().statusCode()).isEqualTo(200);
        assertThat(second.join().statusCode()).isEqualTo(200);
        assertThat(waiting.join().statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> limit.inProgress("Bearer " + greedy) == 0);
    }

    private static Response chat(String token, String text) {
        return given().auth().oauth2(token).contentType("application/json").body(LlmProxyTest.chat(text))
                .when().post("/llm/vendor/v1/chat/completions");
    }
}
