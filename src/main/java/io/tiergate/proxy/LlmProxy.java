package io.tiergate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.LlmRoute;
import io.tiergate.classify.Classification;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.Finding;
import io.tiergate.classify.Tier;
import io.tiergate.http.ProblemException;
import io.tiergate.http.RequestIds;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.Enforcer;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.proxy.client.UpstreamClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An LLM call through the gateway: classify every message, let the policy decide, record the
 * decision, then forward the untouched request to the route's upstream and stream its answer back.
 */
@ApplicationScoped
public class LlmProxy {

    private final Catalog catalog;
    private final Classifier classifier;
    private final Enforcer enforcer;
    private final UpstreamClient upstream;
    private final ObjectMapper mapper;

    public LlmProxy(Catalog catalog, Classifier classifier, Enforcer enforcer, UpstreamClient upstream, ObjectMapper mapper) {
        this.catalog = catalog;
        this.classifier = classifier;
        this.enforcer = enforcer;
        this.upstream = upstream;
        this.mapper = mapper;
    }

    /** Authorizes the chat completion request (blocking until its audit record is durable) and starts forwarding it. */
    public Uni<UpstreamClient.Response> chatCompletion(SecurityIdentity identity, String routeName, byte[] body,
            String purpose, String accept, RequestMeta meta) {
        LlmRoute route = catalog.route(routeName).orElseThrow(() -> ProblemException.notFound("unknown_route",
                "There is no LLM route '" + routeName + "'. The catalog lists the routes."));
        ChatPrompt prompt = ChatPrompt.parse(body, mapper);
        Classification classification = classify(prompt);
        Resource resource = new Resource(ResourceKind.LLM_ROUTE, route.name(), route.maxTier().level(), route.owner(),
                Map.of("external", route.external()));
        Content content = new Content(classification.tier().level(), classification.counts(), body.length);
        enforcer.authorize(identity, new Enforcer.Access(Action.LLM_INVOKE, resource, content, purpose, Set.of()), meta);

        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json")
                .add("Accept", accept == null || accept.isBlank() ? (prompt.stream() ? "text/event-stream" : "application/json") : accept)
                .add(RequestIds.REQUEST_ID_HEADER, meta.requestId());
        route.apiKey().ifPresent(key -> headers.add("Authorization", "Bearer " + key));
        URI target = URI.create(route.upstream().toString().replaceAll("/+$", "") + "/chat/completions");
        return upstream.send(route.name(), HttpMethod.POST, target, headers, Buffer.buffer(body));
    }

    private Classification classify(ChatPrompt prompt) {
        Tier tier = Tier.TIER_1;
        List<Finding> findings = new ArrayList<>();
        for (ChatPrompt.Segment segment : prompt.segments()) {
            Classification c = classifier.classify(segment.text());
            tier = tier.max(c.tier());
            findings.addAll(c.findings());
        }
        return findings.isEmpty() ? Classification.CLEAN : new Classification(tier, findings);
    }
}
