package io.tiergate.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tiergate.audit.AuditQueries;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The span tree of one proxied call, collected by an in-memory exporter with tracing turned on. */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
class TracingTest {

    /** Tracing on; the only trusted callers are in TEST-NET-1, so this test's loopback caller is not trusted. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "50ms",
                    "tiergate.tracing.trusted-callers", "192.0.2.0/24");
        }
    }

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String COMPLETION = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hello\"}}]}";

    @InjectUpstream
    WireMockServer upstream;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    AuditQueries audit;

    @BeforeEach
    void reset() {
        upstream.resetAll();
        upstream.stubFor(post(urlEqualTo("/internal/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(COMPLETION)));
        upstream.stubFor(post(urlEqualTo("/vendor/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(COMPLETION)));
        spans.reset();
    }

    @Test
    void oneCallIsOneTreeFromTheServerSpanToTheUpstreamAndTheAuditRowCarriesItsTraceId() {
        String requestId = "req-" + UUID.randomUUID();
        call("internal", requestId);
        SpanData server = awaitServerSpan();
        String trace = server.getTraceId();
        List<SpanData> tree = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace)).toList();
        Map<String, String> parents = tree.stream().collect(Collectors.toMap(SpanData::getName, SpanData::getParentSpanId, (a, b) -> a));
        assertThat(parents).containsKeys("tiergate.authenticate", "tiergate.classify", "tiergate.policy.decide",
                "tiergate.audit.commit", "tiergate.upstream");
        for (String stage : List.of("tiergate.authenticate", "tiergate.classify", "tiergate.policy.decide", "tiergate.audit.commit", "tiergate.upstream")) {
            assertThat(parents.get(stage)).as(stage + " is a child of the server span").isEqualTo(server.getSpanId());
        }
        // In the order the request goes through them.
        assertThat(startOf(tree, "tiergate.classify")).isLessThan(startOf(tree, "tiergate.policy.decide"));
        assertThat(startOf(tree, "tiergate.policy.decide")).isLessThan(startOf(tree, "tiergate.audit.commit"));
        assertThat(startOf(tree, "tiergate.audit.commit")).isLessThan(startOf(tree, "tiergate.upstream"));
        SpanData upstreamSpan = tree.stream().filter(s -> s.getName().equals("tiergate.upstream")).findFirst().orElseThrow();
        assertThat(upstreamSpan.getKind()).isEqualTo(SpanKind.CLIENT);

        // An untrusted caller's traceparent is not the parent: the gateway's trace is its own.
        assertThat(trace).isNotEqualTo(CALLER_TRACE);
        assertThat(server.getParentSpanContext().isValid()).isFalse();
        assertThat(audit.recent(AuditQueries.Filter.byClientRequestId(requestId), 1))
                .singleElement().extracting(e -> e.traceId()).isEqualTo(trace);

        // The internal upstream continues the gateway's trace, under the upstream span.
        List<LoggedRequest> forwarded = upstream.findAll(postRequestedFor(urlEqualTo("/internal/v1/chat/completions")));
        assertThat(forwarded).singleElement().extracting(r -> r.getHeader("traceparent"))
                .isEqualTo("00-" + trace + "-" + upstreamSpan.getSpanId() + "-01");
    }

    @Test
    void anExternalVendorNeverReceivesTheTraceContext() {
        call("vendor", "req-" + UUID.randomUUID());
        SpanData server = awaitServerSpan();
        assertThat(spans.getFinishedSpanItems()).anyMatch(s -> s.getName().equals("tiergate.upstream")
                && s.getTraceId().equals(server.getTraceId()));
        LoggedRequest forwarded = upstream.findAll(postRequestedFor(urlEqualTo("/vendor/v1/chat/completions"))).get(0);
        assertThat(forwarded.containsHeader("traceparent")).isFalse();
        assertThat(forwarded.containsHeader("tracestate")).isFalse();
        assertThat(forwarded.containsHeader("baggage")).isFalse();
    }

    private static void call(String route, String requestId) {
        given().auth().oauth2(Tokens.developer("alice")).header("X-Request-Id", requestId)
                .header("traceparent", "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01")
                .contentType("application/json")
                .body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Summarise the release checklist\"}]}")
                .when().post("/llm/" + route + "/v1/chat/completions").then().statusCode(200);
    }

    private SpanData awaitServerSpan() {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER
                        && s.getName().contains("/llm/")).findFirst().orElse(null),
                s -> s != null);
    }

    private static long startOf(List<SpanData> tree, String name) {
        return tree.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow().getStartEpochNanos();
    }
}
