package io.tiergate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.tiergate.gate.AccessDeniedException;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tiergate.capture.CallCapture;
import io.tiergate.capture.Captures;
import io.tiergate.catalog.LlmRoute;
import io.tiergate.catalog.Variant;
import io.tiergate.classify.Classifier;
import io.tiergate.gate.AnswerGate;
import io.tiergate.gate.Enforcer;
import io.tiergate.gate.SubjectSource;
import io.tiergate.http.RequestIds;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.Decision.ObligationKind;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.proxy.client.UpstreamClient;
import io.tiergate.proxy.scan.DocumentScanner;
import io.tiergate.proxy.scan.RequestDocument;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Copies of allowed calls for a route's shadow variants: each copy is the call's scanned document
 * with the shadow's model, system prompt and parameters, asked for whole ({@code stream: false}),
 * scanned again as sent, decided and audited as its own {@code llm.invoke} (a shadow not cleared
 * for the content is not sent), its answer decided ({@code llm.respond}) and captured under the
 * shadow's name, and never returned. It runs on a worker thread after the call has been forwarded,
 * at most {@value #MAX_IN_FLIGHT} at a time (more are skipped): it never delays or fails the call.
 */
@ApplicationScoped
class ShadowCalls {

    private static final Logger LOG = Logger.getLogger(ShadowCalls.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_IN_FLIGHT = 32;

    private final DocumentScanner scanner;
    private final Enforcer enforcer;
    private final AnswerGate answers;
    private final SubjectSource subjects;
    private final UpstreamClient upstream;
    private final Captures captures;
    private final ProxyConfig config;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    ShadowCalls(Classifier classifier, Enforcer enforcer, AnswerGate answers, SubjectSource subjects, UpstreamClient upstream,
            Captures captures, ProxyConfig config) {
        this.scanner = new DocumentScanner(classifier);
        this.enforcer = enforcer;
        this.answers = answers;
        this.subjects = subjects;
        this.upstream = upstream;
        this.captures = captures;
        this.config = config;
    }

    /** The route's shadows that receive a copy of this call, each by its share. */
    static List<Variant> drawn(LlmRoute route) {
        return route.variants().shadows().stream().filter(s -> ThreadLocalRandom.current().nextDouble() < s.shadowShare()).toList();
    }

    /**
     * Sends a copy of the call {@code follows} (its scanned document as forwarded, before the
     * call's own variant set anything on it: {@code scanned}) to each of {@code shadows}, in the background.
     */
    void copy(SecurityIdentity caller, LlmRoute route, List<Variant> shadows, LlmEndpoint endpoint, byte[] scanned, String purpose,
            RequestMeta meta, UUID follows) {
        // the injected identity belongs to the request, which may be over when a copy is decided
        SecurityIdentity identity = QuarkusSecurityIdentity.builder(caller).build();
        for (Variant shadow : shadows) {
            if (!inFlight.tryAcquire()) {
                LOG.debugf("shadow %s of route %s skipped: %d copies in flight", shadow.name(), route.name(), MAX_IN_FLIGHT);
                continue;
            }
            try {
                Infrastructure.getDefaultWorkerPool().execute(() -> send(identity, route, shadow, endpoint, scanned, purpose, meta, follows));
            } catch (RuntimeException rejected) {
                inFlight.release();
            }
        }
    }

    private void send(SecurityIdentity identity, LlmRoute route, Variant shadow, LlmEndpoint endpoint, byte[] scanned, String purpose,
            RequestMeta meta, UUID follows) {
        long started = System.nanoTime();
        boolean sent = false;
        try {
            ObjectNode copy = (ObjectNode) JSON.readTree(scanned);
            VariantRequest.apply(copy, endpoint, shadow);
            copy.put("stream", false);
            copy.remove("stream_options");
            byte[] body = JSON.writeValueAsBytes(copy);
            RequestDocument document = endpoint.read(body);
            DocumentScanner.Result scan = scanner.scan(document);
            Content content = scan.content(body.length);
            Resource resource = route.policyResource(shadow, null);
            Enforcer.Authorization authorization = enforcer.authorize(identity, new Enforcer.Access(Action.LLM_INVOKE, resource, content,
                    purpose, Set.of(ObligationKind.REDACT), null, "variant " + shadow.name() + " (shadow of " + follows + ")"), meta);
            List<String> redact = authorization.decision().obligations().redact();
            if (!redact.isEmpty()) {
                scan.redact(Set.copyOf(redact));
            }
            byte[] forwarded = document.bytes();
            CallCapture capture = captures.begin(authorization, route.name(), shadow.name(), purpose, content,
                    CallCaptures.request(scan, forwarded), started);
            MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                    .add("Accept", "application/json")
                    .add("Content-Type", "application/json")
                    .add(RequestIds.REQUEST_ID_HEADER, authorization.decisionId().toString());
            shadow.apiKey().ifPresent(key -> headers.add("Authorization", "Bearer " + key));
            String upstreamName = route.upstreamName(shadow);
            AnswerGate.Exchange exchange = new AnswerGate.Exchange(authorization, resource, purpose, subjects.nameOf(identity), meta);
            upstream.send(upstreamName, HttpMethod.POST, target(shadow.upstream(), endpoint.path()), headers, Buffer.buffer(forwarded))
                    .onItem().transformToUni(response -> LlmProxy.wholeAnswer(response, config.maxAnswerBytes(), upstreamName,
                            scanner, answers, exchange, capture))
                    .onTermination().invoke(inFlight::release)
                    .subscribe().with(result -> { }, failure -> LOG.debugf("shadow %s of route %s answered: %s", shadow.name(),
                            route.name(), failure.toString()));
            sent = true;
        } catch (AccessDeniedException denied) {
            LOG.debugf("shadow %s of route %s not cleared: %s", shadow.name(), route.name(), denied.reasons());
        } catch (Exception notSent) {
            // any failure ends only the copy, never the call
            LOG.warnf("shadow %s of route %s not sent: %s", shadow.name(), route.name(), notSent.toString());
        } finally {
            if (!sent) {
                inFlight.release();
            }
        }
    }

    private static URI target(URI upstream, String path) {
        return URI.create(upstream.toString().replaceAll("/+$", "") + "/" + path);
    }
}
