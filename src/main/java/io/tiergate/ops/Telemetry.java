package io.tiergate.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.mutiny.core.MultiMap;
import io.tiergate.catalog.Catalog;
import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.ReasonCodes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every meter and span of the gateway (docs/OPERATIONS.md lists them), behind methods the request
 * path calls in one line. Spans (authentication, classification, policy decision, audit commit,
 * upstream call) are made only while tracing is on; off, a stage costs its timer and nothing more.
 * Meter label values are bounded: resources are the catalog's names (anything else is
 * its kind), reasons the known reason codes (else {@code other}), finding types the classifier's.
 * Meters are looked up in maps keyed by values the caller already holds, so recording allocates
 * nothing once a label combination has been seen.
 */
@Singleton
public class Telemetry {

    /** Outcomes of a decision: allowed as asked, allowed with redaction, or denied. */
    public enum Outcome {
        ALLOWED, REDACTED, DENIED;

        final String label = name().toLowerCase(java.util.Locale.ROOT);
    }

    static final String OTHER = "other";
    private static final Duration MIN = Duration.ofNanos(50_000);
    private static final Duration MAX = Duration.ofSeconds(60);

    private final MeterRegistry registry;
    /** Null while tracing is off. */
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Set<String> externalUpstreams = new HashSet<>();
    private final Set<String> knownResources = new HashSet<>();
    private final Set<String> knownReasons = new HashSet<>();
    private final ConcurrentMap<String, Counter[][]> decisionSlots = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter[]> findings = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> upstreamHead = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> upstreamFirstByte = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> policyFailures = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> policyEvaluation = new ConcurrentHashMap<>();
    private final Map<String, Timer> gatewayAdded;
    private final Timer classification;
    private final Timer auditCommit;
    private final Counter auditFailures;
    private final Timer grantLookup;

    public Telemetry(MeterRegistry registry, Catalog catalog, OpenTelemetry openTelemetry,
            @ConfigProperty(name = TracingDefaults.SDK_DISABLED, defaultValue = "true") boolean tracingDisabled) {
        this.registry = registry;
        this.tracer = tracingDisabled ? null : openTelemetry.getTracer("io.tiergate");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        catalog.routes().stream().filter(r -> r.external()).forEach(r -> externalUpstreams.add(r.name()));
        catalog.datasets().forEach(d -> knownResources.add(d.name()));
        catalog.routes().forEach(r -> knownResources.add(r.name()));
        Set<String> upstreams = new HashSet<>(knownResources);
        // a route's declared variants are upstreams of their own (<route>/<variant>), an external one never traced into
        catalog.routes().forEach(r -> java.util.stream.Stream.concat(r.variants().live().stream(), r.variants().shadows().stream())
                .filter(v -> !v.implicit()).forEach(v -> {
                    upstreams.add(r.upstreamName(v));
                    if (v.external()) {
                        externalUpstreams.add(r.upstreamName(v));
                    }
                }));
        knownReasons.addAll(ReasonCodes.POLICY);
        knownReasons.addAll(ReasonCodes.ENGINE_FAILURES);
        knownReasons.add(ReasonCodes.OBLIGATION_UNSUPPORTED);
        upstreams.forEach(name -> {
            upstreamHead.put(name, histogram("tiergate.upstream.duration", "Upstream time to response head", "upstream", name));
            upstreamFirstByte.put(name, histogram("tiergate.upstream.first.token", "Upstream time to the first streamed event (time to first token)", "upstream", name));
        });
        ReasonCodes.ENGINE_FAILURES.forEach(reason -> policyFailures.put(reason, Counter.builder("tiergate.policy.failures")
                .description("Decisions the policy engine could not take (fail closed), by reason")
                .tag("reason", reason).register(registry)));
        gatewayAdded = Map.of(
                "llm", histogram("tiergate.gateway.added", "Time the gateway adds to a proxied call: time to response head less the upstream's", "kind", "llm"),
                "dataset", histogram("tiergate.gateway.added", "Time the gateway adds to a proxied call: time to response head less the upstream's", "kind", "dataset"));
        classification = histogram("tiergate.classification.duration", "Classification of one request's content", null, null);
        auditCommit = histogram("tiergate.audit.commit.duration", "Decision event to durable commit, as the request waits for it", null, null);
        auditFailures = Counter.builder("tiergate.audit.failures").description("Decision events the audit log could not commit (the request was refused)")
                .register(registry);
        grantLookup = histogram("tiergate.grant.lookup.duration", "Active-grant lookup for a Tier 2 decision", null, null);
    }

    private Timer histogram(String name, String description, String tag, String value) {
        Timer.Builder builder = Timer.builder(name).description(description)
                .publishPercentileHistogram().minimumExpectedValue(MIN).maximumExpectedValue(MAX);
        if (tag != null) {
            builder.tag(tag, value);
        }
        return builder.register(registry);
    }

    /**
     * One decision taken and recorded: counted by action, resource, outcome and first reason; its
     * findings by type and tier. "Redacted" means findings of the decided content were replaced; a
     * standing redact obligation on what comes back (a dataset read's payload) is not one yet.
     */
    public void decided(PolicyInput input, Decision decision) {
        List<String> redact = decision.obligations().redact();
        boolean redacted = !redact.isEmpty() && input.content().findings().stream().anyMatch(f -> redact.contains(f.type()));
        Outcome outcome = !decision.allow() ? Outcome.DENIED : redacted ? Outcome.REDACTED : Outcome.ALLOWED;
        String resource = resourceLabel(input.resource().kind(), input.resource().name());
        String reason = decision.reasons().isEmpty() ? "none" : decision.reasons().get(0);
        decisionCounter(input.action(), resource, outcome, reason).increment();
        for (FindingCount f : input.content().findings()) {
            findingCounter(f).increment(f.count());
        }
    }

    private String resourceLabel(ResourceKind kind, String name) {
        return (kind == ResourceKind.DATASET || kind == ResourceKind.LLM_ROUTE) && knownResources.contains(name) ? name : kind.json();
    }

    private Counter decisionCounter(Action action, String resource, Outcome outcome, String reason) {
        Counter[][] slot = decisionSlots.get(resource);
        if (slot == null) {
            slot = decisionSlots.computeIfAbsent(resource, r -> new Counter[Action.values().length * Outcome.values().length][]);
        }
        int index = action.ordinal() * Outcome.values().length + outcome.ordinal();
        Counter[] byReason = slot[index];
        if (byReason != null) {
            for (Counter c : byReason) {
                if (c.getId().getTag("reason").equals(reason)) {
                    return c;
                }
            }
        }
        return addDecisionCounter(slot, index, action, resource, outcome, reason);
    }

    private synchronized Counter addDecisionCounter(Counter[][] slot, int index, Action action, String resource, Outcome outcome, String reason) {
        String label = knownReasons.contains(reason) || "none".equals(reason) ? reason : OTHER;
        Counter[] old = slot[index] == null ? new Counter[0] : slot[index];
        for (Counter c : old) {
            if (c.getId().getTag("reason").equals(label)) {
                return c;
            }
        }
        Counter counter = Counter.builder("tiergate.decisions")
                .description("Decisions recorded, by action, resource, outcome and first reason code")
                .tag("action", action.json()).tag("resource", resource).tag("outcome", outcome.label).tag("reason", label)
                .register(registry);
        if (label.equals(reason)) {
            Counter[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = counter;
            slot[index] = grown;
        }
        return counter;
    }

    private Counter findingCounter(FindingCount f) {
        int tier = f.tier() >= 2 ? 1 : 0;
        Counter[] byTier = findings.get(f.type());
        if (byTier == null) {
            byTier = findings.computeIfAbsent(f.type(), type -> new Counter[] {findingsOf(type, 1), findingsOf(type, 2)});
        }
        return byTier[tier];
    }

    private Counter findingsOf(String type, int tier) {
        return Counter.builder("tiergate.findings").description("Findings in decided content, by detector type and tier")
                .tag("type", type).tag("tier", Integer.toString(tier)).register(registry);
    }

    /** Whether spans are being made (an OTLP endpoint is configured). */
    public boolean tracing() {
        return tracer != null;
    }

    /** A span of the current trace, or null while tracing is off. */
    Span start(String name, SpanKind kind) {
        return tracer == null ? null : tracer.spanBuilder(name).setSpanKind(kind).startSpan();
    }

    static void end(Span span, Throwable failure) {
        if (span != null) {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            }
            span.end();
        }
    }

    /** Classifies a request's content: timed, and a span {@code tiergate.classify}. */
    public <T> T classification(Supplier<T> scan) {
        Span span = start("tiergate.classify", SpanKind.INTERNAL);
        long started = System.nanoTime();
        Throwable failure = null;
        try {
            return scan.get();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            classification.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            end(span, failure);
        }
    }

    /** Asks the policy engine: timed, failures to decide counted by reason, a span {@code tiergate.policy.decide}. */
    public Decision policyDecision(String engine, Supplier<Decision> decide) {
        Span span = start("tiergate.policy.decide", SpanKind.INTERNAL);
        long started = System.nanoTime();
        Decision decision = null;
        try {
            decision = decide.get();
            return decision;
        } finally {
            if (decision != null) {
                policyEvaluated(engine, System.nanoTime() - started, decision);
                if (span != null) {
                    span.setAttribute("tiergate.policy.engine", engine);
                    span.setAttribute("tiergate.decision.allow", decision.allow());
                }
            }
            end(span, decision == null ? new IllegalStateException("no decision") : null);
        }
    }

    /** Makes a decision event durable: commit latency, failures, a span {@code tiergate.audit.commit}. */
    public void auditCommit(Runnable commit) {
        Span span = start("tiergate.audit.commit", SpanKind.INTERNAL);
        long started = System.nanoTime();
        try {
            commit.run();
        } catch (RuntimeException e) {
            auditFailures.increment();
            end(span, e);
            throw e;
        }
        auditCommit.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        end(span, null);
    }

    /** One policy evaluation: its time, and a failure when the engine could not decide. */
    void policyEvaluated(String engine, long nanos, Decision decision) {
        Timer timer = policyEvaluation.get(engine);
        if (timer == null) {
            timer = policyEvaluation.computeIfAbsent(engine, e -> histogram("tiergate.policy.evaluation.duration",
                    "Policy evaluation of one decision", "engine", e));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
        if (!decision.allow() && decision.reasons().size() == 1) {
            Counter failure = policyFailures.get(decision.reasons().get(0));
            if (failure != null) {
                failure.increment();
            }
        }
    }

    public void grantLookedUp(long nanos) {
        grantLookup.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Registers a gauge read from its owner at scrape time (queue depths and the like: cheap, in memory). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** Registers a counter read from its owner at scrape time (a running total kept in memory), tagged. */
    public void counter(String name, String description, String tag, String value, Supplier<Number> total) {
        FunctionCounter.builder(name, total, t -> t.get().doubleValue()).description(description).tag(tag, value).register(registry);
    }

    /**
     * Starts one upstream call (the upstream is a catalog name): timed, a client span
     * {@code tiergate.upstream}, and its trace context added to {@code headers} unless the upstream
     * is an external route (a vendor never learns the gateway's trace).
     */
    public UpstreamCall upstreamCall(String upstream, MultiMap headers) {
        Span span = start("tiergate.upstream", SpanKind.CLIENT);
        if (span != null) {
            span.setAttribute("tiergate.upstream", upstreamHead.containsKey(upstream) ? upstream : OTHER);
            if (!externalUpstreams.contains(upstream)) {
                propagator.inject(Context.current().with(span), headers, (h, key, value) -> h.set(key, value));
            }
        }
        return new UpstreamCall(upstreamHead(upstream), upstreamFirstToken(upstream), span);
    }

    private Timer upstreamHead(String upstream) {
        Timer t = upstreamHead.get(upstream);
        return t != null ? t : upstreamHead.computeIfAbsent(OTHER,
                u -> histogram("tiergate.upstream.duration", "Upstream time to response head", "upstream", OTHER));
    }

    private Timer upstreamFirstToken(String upstream) {
        Timer t = upstreamFirstByte.get(upstream);
        return t != null ? t : upstreamFirstByte.computeIfAbsent(OTHER,
                u -> histogram("tiergate.upstream.first.token", "Upstream time to the first streamed event (time to first token)", "upstream", OTHER));
    }

    Timer gatewayAdded(String kind) {
        return gatewayAdded.get(kind);
    }
}
