package io.tiergate.policy.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A small client for OPA's REST Data API, shaped like the official opa-java {@code OPAClient}
 * ({@code evaluate(path, input)}) so that it can replace this class when it is available.
 */
public final class OpaDataClient {

    private final URI server;
    private final Duration timeout;
    private final Map<String, OpaDataApi> documents = new ConcurrentHashMap<>();

    public OpaDataClient(URI server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /**
     * Evaluates the document at {@code path} (e.g. {@code tiergate/main/decision}) and returns
     * OPA's whole answer, whose {@code result} member is absent when the document is undefined.
     */
    public JsonNode evaluate(String path, Object input) {
        return documents.computeIfAbsent(path, this::clientFor).query(new OpaDataApi.Query(input));
    }

    private OpaDataApi clientFor(String path) {
        String base = server.toString().replaceAll("/+$", "");
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(base + "/v1/data/" + path.replaceAll("^/+", "")))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build(OpaDataApi.class);
    }
}
