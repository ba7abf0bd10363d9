package io.tiergate.proxy;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.LlmRoute;
import io.tiergate.classify.Classifier;
import io.tiergate.ops.Telemetry;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.http.RequestIds;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.Decision.ObligationKind;
import io.tiergate.gate.Enforcer;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.proxy.client.UpstreamClient;
import io.tiergate.proxy.scan.DocumentScanner;
import io.tiergate.proxy.scan.RequestDocument;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An LLM call through the gateway, on any endpoint a route serves ({@link LlmEndpoint}): parse the
 * body strictly, classify every text of it wherever it sits, let the policy decide, record the
 * decision, then forward the re-serialisation of the scanned document (never the caller's bytes)
 * and stream the upstream's answer back. When the policy obliges it to redact, the Tier 2 findings
 * of the named types are replaced where they sit (inside JSON held in strings too) with
 * placeholders consistent across the request; the response names the redacted types in
 * {@value #REDACTED_HEADER}. No caller header is forwarded: the gateway sets its own (see
 * {@link #upstreamHeaders}).
 */
@ApplicationScoped
public class LlmProxy {

    /** Response header naming the finding types replaced before forwarding (types only, never values). */
    public static final String REDACTED_HEADER = "X-Tiergate-Redacted";

    /** The only {@code Accept} values passed on; any other is replaced by what the endpoint answers with. */
    private static final Set<String> PASSABLE_ACCEPT = Set.of("application/json", "text/event-stream");

    private final Catalog catalog;
    private final DocumentScanner scanner;
    private final Enforcer enforcer;
    private final UpstreamClient upstream;
    private final Telemetry telemetry;

    public LlmProxy(Catalog catalog, Classifier classifier, Enforcer enforcer, UpstreamClient upstream, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.catalog = catalog;
        this.scanner = new DocumentScanner(classifier);
        this.enforcer = enforcer;
        this.upstream = upstream;
    }

    /** Authorizes one call (blocking until its audit record is durable) and starts forwarding it. */
    public Uni<UpstreamClient.Response> call(SecurityIdentity identity, String routeName, LlmEndpoint endpoint, byte[] body,
            String purpose, String accept, RequestMeta meta) {
        LlmRoute route = route(routeName);
        RequestDocument document = endpoint.read(body);
        DocumentScanner.Result scan = telemetry.classification(() -> scanner.scan(document));
        Content content = scan.content(body.length);
        Enforcer.Authorization authorization = enforcer.authorize(identity,
                new Enforcer.Access(endpoint.action(), route.policyResource(), content, purpose, Set.of(ObligationKind.REDACT)), meta);
        List<String> redact = authorization.decision().obligations().redact();
        if (!redact.isEmpty()) {
            scan.redact(Set.copyOf(redact));
        }
        byte[] forwarded = document.bytes();

        String answers = document.stream() ? "text/event-stream" : "application/json";
        MultiMap headers = upstreamHeaders(route, accept, answers, authorization).add("Content-Type", "application/json");
        Uni<UpstreamClient.Response> response = upstream.send(route.name(), HttpMethod.POST, target(route, endpoint.path()),
                headers, Buffer.buffer(forwarded));
        return redact.isEmpty() ? response : response.map(r -> withHeader(r, REDACTED_HEADER, String.join(",", redact)));
    }

    /** {@code GET /v1/models}: decided as {@code llm.list}, answered from the upstream. */
    public Uni<UpstreamClient.Response> listModels(SecurityIdentity identity, String routeName, String purpose, String accept,
            RequestMeta meta) {
        LlmRoute route = route(routeName);
        Enforcer.Authorization authorization = enforcer.authorize(identity,
                new Enforcer.Access(Action.LLM_LIST, route.policyResource(), Content.none(), purpose, Set.of()), meta);
        return upstream.send(route.name(), HttpMethod.GET, target(route, "models"),
                upstreamHeaders(route, accept, "application/json", authorization), null);
    }

    private LlmRoute route(String routeName) {
        return catalog.route(routeName).orElseThrow(() -> new NotFoundProblem("unknown_route",
                "There is no LLM route '" + routeName + "'. The catalog lists the routes."));
    }

    private static URI target(LlmRoute route, String path) {
        return URI.create(route.upstream().toString().replaceAll("/+$", "") + "/" + path);
    }

    /**
     * The headers the upstream sees, all set by the gateway: {@code Accept} (the caller's only when
     * it is {@code application/json} or {@code text/event-stream}), the route's credential, and
     * {@code X-Request-Id} set to the decision id (the gateway's own id for the call, the id of
     * its audit record); the caller's request id stays in the audit record.
     */
    private static MultiMap upstreamHeaders(LlmRoute route, String accept, String answers, Enforcer.Authorization authorization) {
        String passable = accept == null ? null : accept.trim();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Accept", passable != null && PASSABLE_ACCEPT.contains(passable) ? passable : answers)
                .add(RequestIds.REQUEST_ID_HEADER, authorization.decisionId().toString());
        route.apiKey().ifPresent(key -> headers.add("Authorization", "Bearer " + key));
        return headers;
    }

    private static UpstreamClient.Response withHeader(UpstreamClient.Response response, String name, String value) {
        Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
        headers.put(name, List.of(value));
        return new UpstreamClient.Response(response.status(), headers, response.body());
    }
}
