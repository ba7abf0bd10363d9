package io.tiergate.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.LlmRoute;
import io.tiergate.classify.Classification;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.Redactor;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.policy.Tier;
import io.tiergate.http.RequestIds;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.Decision.ObligationKind;
import io.tiergate.gate.Enforcer;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An LLM call through the gateway: classify every message, let the policy decide, record the
 * decision, then forward the request to the route's upstream and stream its answer back. When the
 * policy obliges it to redact, the Tier 2 findings of the named types are replaced in the request
 * document (each text where it sits) with placeholders consistent across the whole request, and
 * the rewritten document is what is forwarded; the response names the redacted types in
 * {@value #REDACTED_HEADER}.
 */
@ApplicationScoped
public class LlmProxy {

    /** Response header naming the finding types replaced before forwarding (types only, never values). */
    public static final String REDACTED_HEADER = "X-Tiergate-Redacted";

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
        LlmRoute route = catalog.route(routeName).orElseThrow(() -> new NotFoundProblem("unknown_route",
                "There is no LLM route '" + routeName + "'. The catalog lists the routes."));
        ChatPrompt prompt = ChatPrompt.parse(body, mapper);
        List<Classification> perSegment = classifyWithinOneBudget(prompt);
        Classification classification = Classification.of(perSegment.stream().flatMap(c -> c.findings().stream()).toList());
        Resource resource = route.policyResource();
        Content content = new Content(classification.tier().level(), classification.counts(), body.length);
        Enforcer.Authorization authorization = enforcer.authorize(identity,
                new Enforcer.Access(Action.LLM_INVOKE, resource, content, purpose, Set.of(ObligationKind.REDACT)), meta);
        List<String> redact = authorization.decision().obligations().redact();
        byte[] forwarded = redact.isEmpty() ? body : redacted(prompt, perSegment, Set.copyOf(redact));

        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json")
                .add("Accept", accept == null || accept.isBlank() ? (prompt.stream() ? "text/event-stream" : "application/json") : accept)
                .add(RequestIds.REQUEST_ID_HEADER, meta.requestId());
        route.apiKey().ifPresent(key -> headers.add("Authorization", "Bearer " + key));
        URI target = URI.create(route.upstream().toString().replaceAll("/+$", "") + "/chat/completions");
        Uni<UpstreamClient.Response> response = upstream.send(route.name(), HttpMethod.POST, target, headers, Buffer.buffer(forwarded));
        return redact.isEmpty() ? response : response.map(r -> withHeader(r, REDACTED_HEADER, String.join(",", redact)));
    }

    /** Each message classified, all of them within one time budget: a request of many messages gets no more time than one. */
    private List<Classification> classifyWithinOneBudget(ChatPrompt prompt) {
        long deadline = System.nanoTime() + classifier.settings().timeBudget().toNanos();
        List<Classification> classifications = new ArrayList<>(prompt.segments().size());
        for (ChatPrompt.Segment segment : prompt.segments()) {
            classifications.add(classifier.classify(segment.text(), Math.max(1, deadline - System.nanoTime())));
        }
        return classifications;
    }

    /** The request document with every Tier 2 finding of the given types replaced, serialised again. */
    private byte[] redacted(ChatPrompt prompt, List<Classification> perSegment, Set<String> types) {
        Redactor redactor = new Redactor();
        for (int i = 0; i < prompt.segments().size(); i++) {
            ChatPrompt.Segment segment = prompt.segments().get(i);
            String text = redactor.redact(segment.text(), perSegment.get(i).findings(),
                    f -> types.contains(f.type()) && f.tier() == Tier.TIER_2);
            prompt.replace(segment, text);
        }
        try {
            return mapper.writeValueAsBytes(prompt.document());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the redacted request", e);
        }
    }

    private static UpstreamClient.Response withHeader(UpstreamClient.Response response, String name, String value) {
        Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
        headers.put(name, List.of(value));
        return new UpstreamClient.Response(response.status(), headers, response.body());
    }
}
