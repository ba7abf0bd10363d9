package io.tiergate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.quarkus.opentelemetry.runtime.propagation.TextMapPropagatorCustomizer;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.observability.HttpRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whose traceparent the gateway continues: only a trusted caller's. */
class TrustedTraceContextTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void continuesTheTraceOfATrustedCallerOnly() {
        TextMapPropagator propagator = propagatorTrusting(List.of("10.1.0.0/16", "::1"));
        assertThat(traceIdSeenFrom(propagator, "10.1.200.7")).isEqualTo(TRACE);
        assertThat(traceIdSeenFrom(propagator, "::1")).isEqualTo(TRACE);
        assertThat(traceIdSeenFrom(propagator, "10.2.0.1")).isNull();
        assertThat(traceIdSeenFrom(propagator, "127.0.0.1")).isNull();
    }

    @Test
    void trustsNobodyByDefault() {
        assertThat(traceIdSeenFrom(propagatorTrusting(List.of()), "127.0.0.1")).isNull();
    }

    @Test
    void refusesHostNamesAndBadBlocksAtStartUp() {
        assertThatThrownBy(() -> propagatorTrusting(List.of("ingress.example.com"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> propagatorTrusting(List.of("10.0.0.0/33"))).isInstanceOf(IllegalStateException.class);
    }

    private static TextMapPropagator propagatorTrusting(List<String> blocks) {
        TracingConfig config = () -> Optional.of(blocks);
        return new TrustedTraceContext(config).customize(new TextMapPropagatorCustomizer.Context() {
            @Override
            public TextMapPropagator propagator() {
                return W3CTraceContextPropagator.getInstance();
            }

            @Override
            public ConfigProperties otelConfigProperties() {
                return null;
            }
        });
    }

    private static String traceIdSeenFrom(TextMapPropagator propagator, String callerAddress) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01");
        HttpRequest request = new HttpRequest() {
            @Override
            public int id() {
                return 1;
            }

            @Override
            public MultiMap headers() {
                return headers;
            }

            @Override
            public String absoluteURI() {
                return "http://gateway/llm/x";
            }

            @Override
            public String uri() {
                return "/llm/x";
            }

            @Override
            public HttpMethod method() {
                return HttpMethod.POST;
            }

            @Override
            public SocketAddress remoteAddress() {
                return SocketAddress.inetSocketAddress(40000, callerAddress);
            }
        };
        Context extracted = propagator.extract(Context.root(), request, new TextMapGetter<HttpRequest>() {
            @Override
            public Iterable<String> keys(HttpRequest carrier) {
                return carrier.headers().names();
            }

            @Override
            public String get(HttpRequest carrier, String key) {
                return carrier == null ? null : carrier.headers().get(key);
            }
        });
        var span = Span.fromContext(extracted).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
