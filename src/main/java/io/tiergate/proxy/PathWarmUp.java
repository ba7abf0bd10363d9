package io.tiergate.proxy;

import io.quarkus.runtime.StartupEvent;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.LlmRoute;
import io.tiergate.classify.Classifier;
import io.tiergate.policy.PolicyEngine;
import io.tiergate.policy.PolicyInput;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Context;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.SubjectType;
import io.tiergate.proxy.answer.SpeculativeHold;
import io.tiergate.proxy.answer.StreamedAnswer;
import io.tiergate.proxy.scan.DocumentScanner;
import io.tiergate.proxy.scan.RequestDocument;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Runs the request path's own code before the first caller does, so that the JIT has compiled it
 * when traffic arrives: a freshly started gateway would otherwise answer its first calls from
 * the interpreter (tens of milliseconds each, docs/PERFORMANCE.md). For
 * {@code tiergate.proxy.warm-up} after start-up, on one background thread, it reads and classifies
 * sample requests (a chat call with a tool call, one with an address), redacts one, re-serialises
 * them, scans a sample answer, relays a sample stream event by event, and asks the policy engine
 * on sample inputs. Nothing of it is forwarded, recorded or counted: no caller, no decision. The
 * gateway reports itself not ready until it is done (readiness check {@code warm-up}).
 */
@Singleton
@Readiness
public class PathWarmUp implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(PathWarmUp.class);

    private static final byte[] REQUEST = ("{\"model\":\"warm-up\",\"messages\":[{\"role\":\"system\",\"content\":\"You are concise.\"},"
            + "{\"role\":\"user\",\"content\":\"Summarise the release notes: the checklist covers the feature flags, the changelog "
            + "sign-off and the staged rollout. Each team reviews its open pull requests before the branch is cut on Thursday.\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"lookup\",\"arguments\":\"{\\\"ticket\\\":\\\"REL-42\\\",\\\"limit\\\":3}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"open: 3\"}],\"temperature\":0.2}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] REQUEST_WITH_FINDINGS = ("{\"model\":\"warm-up\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Write to jane.doe@example.com or call +1 650-253-0000 about card 4111 1111 1111 1111.\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ANSWER = ("{\"id\":\"chatcmpl-warm-up\",\"object\":\"chat.completion\",\"created\":1767225600,"
            + "\"model\":\"warm-up\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Three bullets: "
            + "flags, changelog, staged rollout.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":90,"
            + "\"completion_tokens\":12,\"total_tokens\":102}}").getBytes(StandardCharsets.UTF_8);
    private static final Subject SUBJECT = new Subject("tiergate-warm-up", SubjectType.SERVICE, List.of(), List.of());

    @Inject Classifier classifier;
    @Inject PolicyEngine engine;
    @Inject Catalog catalog;
    @Inject ProxyConfig config;
    @Inject Clock clock;

    /** The relay's bounds, as configured (start-up sets them; a test runs with these). */
    private int streamMaxHold = 8192;
    private int streamMaxEventBytes = 1 << 20;
    private volatile boolean done;
    private volatile int rounds;

    void start(@Observes StartupEvent event) {
        streamMaxHold = config.streamMaxHold();
        streamMaxEventBytes = config.streamMaxEventBytes();
        begin(config.warmUp(), catalog.routes().stream().findFirst().map(LlmRoute::policyResource)
                .orElse(new Resource(ResourceKind.LLM_ROUTE, "warm-up", 1, "", Map.of())));
    }

    /** Starts warming up for {@code length} on a background thread, deciding on {@code resource}; ready at once when it is zero. */
    void begin(Duration length, Resource resource) {
        if (length.isZero()) {
            done = true;
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                rounds = run(System.nanoTime() + length.toNanos(), resource);
                LOG.debugf("warm-up: %d rounds of the request path in %s", rounds, length);
            } catch (RuntimeException e) {
                // a warm-up that fails costs only speed: the first callers meet a cold path, nothing else
                LOG.warn("the warm-up of the request path failed; the gateway starts cold", e);
            } finally {
                done = true;
            }
        }, "tiergate-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Exercises the request path until {@code deadlineNanos} ({@link System#nanoTime}), deciding on {@code resource}; returns the rounds done. */
    int run(long deadlineNanos, Resource resource) {
        DocumentScanner scanner = new DocumentScanner(classifier);
        int round = 0;
        while (System.nanoTime() < deadlineNanos) {
            RequestDocument request = LlmEndpoint.CHAT_COMPLETIONS.read(REQUEST);
            DocumentScanner.Result scan = scanner.scan(request);
            request.bytes();
            RequestDocument withFindings = LlmEndpoint.CHAT_COMPLETIONS.read(REQUEST_WITH_FINDINGS);
            DocumentScanner.Result found = scanner.scan(withFindings);
            found.redact(Set.of("EMAIL", "PHONE", "PAYMENT_CARD"));
            withFindings.bytes();
            DocumentScanner.Result answer = scanner.scan(RequestDocument.parse(ANSWER, Set.of()));
            StreamedAnswer stream = new StreamedAnswer(classifier, null, null, streamMaxHold, streamMaxEventBytes,
                    SpeculativeHold.fixed(classifier.speculativeHoldTypes(), Set.of()));
            for (int event = 0; event < 3; event++) {
                stream.onChunkWithoutBlocking(Buffer.buffer("data: {\"id\":\"chatcmpl-warm-up\",\"object\":\"chat.completion.chunk\",\"created\":0,"
                        + "\"model\":\"warm-up\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word" + event
                        + "\"},\"finish_reason\":null}]}\n\n"));
            }
            long now = clock.instant().getEpochSecond();
            // content.bytes differs each round, so that the engine evaluates the module instead of its memo
            engine.decide(input(Action.LLM_INVOKE, resource, scan.content(REQUEST.length + round), now));
            engine.decide(input(Action.LLM_INVOKE, resource, found.content(REQUEST_WITH_FINDINGS.length + round), now));
            engine.decide(input(Action.LLM_RESPOND, resource, answer.content(ANSWER.length + round), now));
            round++;
        }
        return round;
    }

    private static PolicyInput input(Action action, Resource resource, Content content, long now) {
        return new PolicyInput(SUBJECT, action, resource, content, new Context("", now, List.of()));
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up").status(done).withData("rounds", rounds).build();
    }
}
