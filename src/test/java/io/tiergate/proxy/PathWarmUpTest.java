package io.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.classify.Classifier;
import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyEngine;
import io.tiergate.policy.PolicyInput;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.ReasonCodes;
import io.tiergate.policy.embedded.WasmPolicyEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The warm-up runs the real request path (classifier, the embedded engine) on sample calls, and holds readiness until done. */
class PathWarmUpTest {

    private static final Resource ROUTE = new Resource(ResourceKind.LLM_ROUTE, "external-gpt", 1, "", Map.of("external", true));

    private WasmPolicyEngine wasm;
    private final List<PolicyInput> asked = new CopyOnWriteArrayList<>();
    private final List<Decision> answered = new CopyOnWriteArrayList<>();
    private final PathWarmUp warmUp = new PathWarmUp();

    @BeforeEach
    void setUp() {
        wasm = new WasmPolicyEngine(WasmPolicyEngine.loadModule(null), 1, Duration.ofSeconds(5), new ObjectMapper());
        warmUp.classifier = new Classifier();
        warmUp.clock = Clock.systemUTC();
        warmUp.engine = new PolicyEngine() {
            @Override
            public Decision decide(PolicyInput input) {
                asked.add(input);
                Decision decision = wasm.decide(input);
                answered.add(decision);
                return decision;
            }

            @Override
            public String name() {
                return wasm.name();
            }

            @Override
            public String revision() {
                return wasm.revision();
            }
        };
    }

    @AfterEach
    void tearDown() {
        wasm.close();
    }

    @Test
    void asksTheRealEngineOnTheSamplesOfEachRoundAsNoCaller() {
        int rounds = warmUp.run(System.nanoTime() + Duration.ofMillis(300).toNanos(), ROUTE);

        assertThat(rounds).isPositive();
        assertThat(asked).hasSize(3 * rounds);
        assertThat(asked).extracting(PolicyInput::action).containsOnly(Action.LLM_INVOKE, Action.LLM_RESPOND);
        assertThat(asked).extracting(input -> input.subject().id()).containsOnly("tiergate-warm-up");
        // the sample with an address, a phone and a card was classified: its input is Tier 2
        assertThat(asked).anyMatch(input -> input.content().tier() == 2);
        assertThat(answered).allMatch(d -> d.reasons().stream().noneMatch(ReasonCodes.ENGINE_FAILURES::contains));
    }

    @Test
    void isNotReadyUntilItHasRun() {
        warmUp.begin(Duration.ofMillis(500), ROUTE);
        assertThat(warmUp.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        await().atMost(Duration.ofSeconds(20)).until(() -> warmUp.call().getStatus() == HealthCheckResponse.Status.UP);
        assertThat(asked).isNotEmpty();
    }

    @Test
    void isReadyAtOnceWhenSwitchedOff() {
        warmUp.begin(Duration.ZERO, ROUTE);
        assertThat(warmUp.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(asked).isEmpty();
    }
}
