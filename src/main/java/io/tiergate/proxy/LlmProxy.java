package io.tiergate.proxy;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tiergate.capture.CallCapture;
import io.tiergate.capture.Captures;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.LlmRoute;
import io.tiergate.catalog.Variant;
import io.tiergate.gate.AccessDeniedException;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.ReasonCodes;
import io.tiergate.classify.Classifier;
import io.tiergate.ops.Telemetry;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.http.RequestIds;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.Decision.ObligationKind;
import io.tiergate.gate.Enforcer;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Subject;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tiergate.gate.AnswerGate;
import io.tiergate.gate.SubjectSource;
import io.tiergate.proxy.answer.SpeculativeHold;
import io.tiergate.proxy.answer.StreamedAnswer;
import io.tiergate.proxy.answer.WholeAnswer;
import io.tiergate.proxy.client.UpstreamClient;
import io.tiergate.proxy.payload.PayloadException;
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

    /** Response header naming the route's variant that answered (on a route that declares variants). */
    public static final String VARIANT_HEADER = "X-Tiergate-Variant";

    /** Request header naming the caller's episode: its calls meet the same variant (else the caller is the episode). */
    public static final String EPISODE_HEADER = "X-Tiergate-Episode";

    /** Response header naming the finding types replaced in a non-streamed answer (types only). */
    public static final String ANSWER_REDACTED_HEADER = "X-Tiergate-Answer-Redacted";

    private final Catalog catalog;
    private final Classifier classifier;
    private final DocumentScanner scanner;
    private final Enforcer enforcer;
    private final AnswerGate answers;
    private final SubjectSource subjects;
    private final UpstreamClient upstream;
    private final ProxyConfig config;
    private final Telemetry telemetry;
    private final Captures captures;
    private final ShadowCalls shadowCalls;

    public LlmProxy(Catalog catalog, Classifier classifier, Enforcer enforcer, AnswerGate answers, SubjectSource subjects,
            UpstreamClient upstream, ProxyConfig config, Telemetry telemetry, Captures captures, ShadowCalls shadowCalls) {
        this.shadowCalls = shadowCalls;
        this.telemetry = telemetry;
        this.captures = captures;
        this.catalog = catalog;
        this.classifier = classifier;
        this.scanner = new DocumentScanner(classifier);
        this.enforcer = enforcer;
        this.answers = answers;
        this.subjects = subjects;
        this.upstream = upstream;
        this.config = config;
    }

    /**
     * Authorizes one call (blocking until its audit record is durable) and starts forwarding it to
     * the variant of the route its episode is assigned ({@code episode}, else the caller).
     */
    public Uni<UpstreamClient.Response> call(SecurityIdentity identity, String routeName, LlmEndpoint endpoint, byte[] body,
            String purpose, String episode, String accept, RequestMeta meta) {
        long started = System.nanoTime();
        LlmRoute route = route(routeName);
        RequestDocument document = endpoint.read(body);
        DocumentScanner.Result scan = telemetry.classification(() -> scanner.scan(document));
        Content content = scan.content(body.length);
        Subject subject = subjects.subjectOf(identity);
        Variant assigned = endpoint.action() == Action.LLM_INVOKE && route.variants().declared()
                ? route.variants().assign(route.name(), episode != null ? episode : subject.id())
                : route.variants().baseline();
        // the answer's speculative hold is asked while the request is decided and recorded, so that the first event need not wait for it
        SpeculativeHold early = document.stream() && endpoint != LlmEndpoint.EMBEDDINGS
                ? speculativeHold(subject, route.policyResource(assigned, null), purpose)
                : null;
        Routed routed = authorize(identity, route, assigned, endpoint, content, purpose, meta);
        Variant variant = routed.variant();
        Enforcer.Authorization authorization = routed.authorization();
        List<String> redact = authorization.decision().obligations().redact();
        if (!redact.isEmpty()) {
            scan.redact(Set.copyOf(redact));
        }
        List<Variant> shadows = endpoint.action() == Action.LLM_INVOKE ? ShadowCalls.drawn(route) : List.of();
        byte[] scanned = shadows.isEmpty() ? null : document.bytes();
        if (variant.setsRequest()) {
            VariantRequest.apply(document.edited(), endpoint, variant);
        }
        byte[] forwarded = document.bytes();
        CallCapture capture = captures.begin(authorization, route.name(), variant.implicit() ? null : variant.name(), purpose,
                content, CallCaptures.request(scan, forwarded), started);

        String answers = document.stream() ? "text/event-stream" : "application/json";
        MultiMap headers = upstreamHeaders(variant, accept, answers, authorization).add("Content-Type", "application/json");
        String upstreamName = route.upstreamName(variant);
        Uni<UpstreamClient.Response> response = upstream.send(upstreamName, HttpMethod.POST, target(variant.upstream(), endpoint.path()),
                headers, Buffer.buffer(forwarded));
        if (endpoint != LlmEndpoint.EMBEDDINGS) {
            // embedding vectors are numbers: an embeddings answer is not classified (docs/POLICY-CONTRACT.md)
            AnswerGate.Exchange exchange = new AnswerGate.Exchange(authorization, routed.resource(), purpose,
                    subjects.nameOf(identity), meta);
            SpeculativeHold speculative = early != null && routed.variant() == assigned ? early
                    : document.stream() ? speculativeHold(exchange) : null;
            response = response.onItem().transformToUni(r -> guarded(r, upstreamName, exchange, speculative, capture));
        } else if (capture != null) {
            response = response.invoke(r -> capture.completedWithoutAnswer(r.status()));
        }
        if (!shadows.isEmpty()) {
            shadowCalls.copy(identity, route, shadows, endpoint, scanned, purpose, meta, authorization.decisionId());
        }
        String inferenceId = authorization.decisionId().toString();
        return response.map(r -> {
            UpstreamClient.Response named = withHeader(r, Captures.INFERENCE_ID_HEADER, inferenceId);
            if (!variant.implicit()) {
                named = withHeader(named, VARIANT_HEADER, variant.name());
            }
            return redact.isEmpty() ? named : withHeader(named, REDACTED_HEADER, String.join(",", redact));
        });
    }

    /** The variant a call goes to, the resource the policy decided on for it, and the authorization. */
    private record Routed(Variant variant, Resource resource, Enforcer.Authorization authorization) {
    }

    /**
     * Decides the call for its assigned variant; when the policy answers that the content is not
     * cleared for that variant ({@code content_not_cleared_for_variant}), decides it once more for
     * the route's baseline variant, naming the variant assigned ({@code fallback_from}). Both
     * decisions are audited; the second one's answer is the call's.
     */
    private Routed authorize(SecurityIdentity identity, LlmRoute route, Variant assigned, LlmEndpoint endpoint, Content content,
            String purpose, RequestMeta meta) {
        Resource resource = route.policyResource(assigned, null);
        try {
            return new Routed(assigned, resource, enforcer.authorize(identity,
                    new Enforcer.Access(endpoint.action(), resource, content, purpose, Set.of(ObligationKind.REDACT), null,
                            assigned.implicit() ? "" : "variant " + assigned.name()), meta));
        } catch (AccessDeniedException denied) {
            if (assigned.baseline() || !denied.reasons().contains(ReasonCodes.CONTENT_NOT_CLEARED_FOR_VARIANT)) {
                throw denied;
            }
            Variant baseline = route.variants().baseline();
            Resource fallback = route.policyResource(baseline, assigned.name());
            return new Routed(baseline, fallback, enforcer.authorize(identity, new Enforcer.Access(endpoint.action(), fallback, content,
                    purpose, Set.of(ObligationKind.REDACT), null, "variant " + baseline.name() + " (fallback from " + assigned.name() + ")"),
                    meta));
        }
    }

    /**
     * The answer as it may go out: a stream of events relayed one by one as they are read and
     * checked ({@link StreamedAnswer}, on the event loop until a step blocks: {@link #relayed}), or a
     * whole answer read, checked on a worker thread and then sent ({@link WholeAnswer}).
     */
    private Uni<UpstreamClient.Response> guarded(UpstreamClient.Response response, String upstreamName, AnswerGate.Exchange exchange,
            SpeculativeHold speculative, CallCapture capture) {
        if (isEventStream(response)) {
            StreamedAnswer answer = new StreamedAnswer(classifier, answers, exchange, config.streamMaxHold(),
                    config.streamMaxEventBytes(), speculative != null ? speculative : speculativeHold(exchange),
                    capture == null ? StreamedAnswer.Tap.NONE : new CallCaptures.Stream(capture, response.status()));
            Multi<Buffer> body = response.body()
                    .onItem().transformToMultiAndConcatenate(chunk -> relayed(answer, chunk))
                    .onFailure().recoverWithMulti(failure -> onWorker(() -> answer.onFailure(failure)))
                    .onCompletion().switchTo(() -> onWorker(answer::onEnd))
                    .select().first(buffer -> buffer != StreamedAnswer.END);
            return Uni.createFrom().item(new UpstreamClient.Response(response.status(), response.headers(), body));
        }
        return wholeAnswer(response, config.maxAnswerBytes(), upstreamName, scanner, answers, exchange, capture)
                .map(result -> {
                    Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
                    if (!result.redacted().isEmpty()) {
                        headers.put(ANSWER_REDACTED_HEADER, List.of(String.join(",", result.redacted())));
                    }
                    return new UpstreamClient.Response(response.status(), headers,
                            Multi.createFrom().item(Buffer.buffer(result.body())));
                });
    }

    /**
     * The events of one chunk of a streamed answer: relayed on the event loop that read it, with no
     * hop, until an event needs a step that blocks (the policy asked about a new finding, the
     * answer's record); from there on a worker thread. The next chunk is read only after this one
     * is relayed, so the events stay in order.
     */
    private static Multi<Buffer> relayed(StreamedAnswer answer, Buffer chunk) {
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            return Multi.createFrom().iterable(answer.onChunk(chunk));
        }
        StreamedAnswer.Relay relay = answer.onChunkWithoutBlocking(chunk);
        Multi<Buffer> now = Multi.createFrom().iterable(relay.out());
        return relay.parked() ? Multi.createBy().concatenating().streams(now, onWorker(answer::resume)) : now;
    }

    private static Multi<Buffer> onWorker(java.util.function.Supplier<List<Buffer>> step) {
        return Uni.createFrom().item(step).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToMulti(buffers -> Multi.createFrom().iterable(buffers));
    }

    /**
     * A non-streamed answer read whole (at most {@code max} bytes), guarded on a worker thread
     * ({@link WholeAnswer}: the policy and the audit log are asked) and handed to the call's capture.
     */
    static Uni<WholeAnswer.Result> wholeAnswer(UpstreamClient.Response response, int max, String upstreamName, DocumentScanner scanner,
            AnswerGate answers, AnswerGate.Exchange exchange, CallCapture capture) {
        return response.body()
                .onItem().scan(Buffer::buffer, (all, chunk) -> {
                    if (all.length() + chunk.length() > max) {
                        throw PayloadException.tooLarge(upstreamName, max);
                    }
                    return all.appendBuffer(chunk);
                })
                .collect().last()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(all -> {
                    WholeAnswer.Result result = WholeAnswer.guard(scanner, answers, exchange, upstreamName,
                            all == null ? new byte[0] : all.getBytes());
                    if (capture != null) {
                        capture.answered(result.decision().decision(), result.decision().input().content(),
                                CallCaptures.answer(result), response.status());
                    }
                    return result;
                });
    }

    /**
     * Starts asking the policy whether this caller's answer on this route would have its e-mail
     * addresses redacted (or be refused for them): only then does the stream hold an open word that
     * could still be an address's local part (docs/ARCHITECTURE.md, "Streamed answers").
     */
    private SpeculativeHold speculativeHold(AnswerGate.Exchange exchange) {
        return speculativeHold(exchange.authorization().subject(), exchange.resource(), exchange.purpose());
    }

    private SpeculativeHold speculativeHold(Subject subject, Resource resource, String purpose) {
        return SpeculativeHold.probe(classifier.speculativeHoldTypes(), content -> answers.decideAnswer(subject, resource, purpose, content),
                Infrastructure.getDefaultWorkerPool());
    }

    private static boolean isEventStream(UpstreamClient.Response response) {
        List<String> type = response.headers().get("content-type");
        return type != null && !type.isEmpty() && type.get(0).toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
    }

    /** {@code GET /v1/models}: decided as {@code llm.list}, answered from the upstream. */
    public Uni<UpstreamClient.Response> listModels(SecurityIdentity identity, String routeName, String purpose, String accept,
            RequestMeta meta) {
        LlmRoute route = route(routeName);
        Enforcer.Authorization authorization = enforcer.authorize(identity,
                new Enforcer.Access(Action.LLM_LIST, route.policyResource(), Content.none(), purpose, Set.of()), meta);
        Variant baseline = route.variants().baseline();
        return upstream.send(route.upstreamName(baseline), HttpMethod.GET, target(baseline.upstream(), "models"),
                upstreamHeaders(baseline, accept, "application/json", authorization), null);
    }

    private LlmRoute route(String routeName) {
        return catalog.route(routeName).orElseThrow(() -> new NotFoundProblem("unknown_route",
                "There is no LLM route '" + routeName + "'. The catalog lists the routes."));
    }

    private static URI target(URI upstream, String path) {
        return URI.create(upstream.toString().replaceAll("/+$", "") + "/" + path);
    }

    /**
     * The headers the upstream sees, all set by the gateway: {@code Accept} (the caller's only when
     * it is {@code application/json} or {@code text/event-stream}), the variant's credential (the
     * route's, unless the variant has its own), and
     * {@code X-Request-Id} set to the decision id (the gateway's own id for the call, the id of
     * its audit record); the caller's request id stays in the audit record.
     */
    private static MultiMap upstreamHeaders(Variant route, String accept, String answers, Enforcer.Authorization authorization) {
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
