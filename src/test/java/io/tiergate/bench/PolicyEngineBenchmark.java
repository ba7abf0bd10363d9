package io.tiergate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Context;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.PolicyInput.Grant;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.PolicyInput.ResourceRef;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.SubjectType;
import io.tiergate.policy.embedded.WasmPolicyEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Latency of one policy decision on the embedded engine (Rego compiled to Wasm, run by Chicory). */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyEngineBenchmark {

    private WasmPolicyEngine engine;
    private PolicyInput tier1Chat;
    private PolicyInput tier2ChatWithGrant;

    @Setup
    public void setUp() {
        engine = new WasmPolicyEngine(WasmPolicyEngine.loadModule(null), 4, Duration.ofSeconds(5), new ObjectMapper());
        long now = 1_795_680_000L;
        Subject alice = new Subject("alice", SubjectType.USER, List.of("developer"), List.of("team-a"));
        tier1Chat = new PolicyInput(alice, Action.LLM_INVOKE,
                new Resource(ResourceKind.LLM_ROUTE, "external-gpt", 1, "platform-team", Map.of("external", true)),
                new Content(1, List.of(), 1200), new Context("", now, List.of()));
        tier2ChatWithGrant = new PolicyInput(alice, Action.LLM_INVOKE,
                new Resource(ResourceKind.LLM_ROUTE, "internal-llm", 2, "ml-platform", Map.of("external", false)),
                new Content(2, List.of(new FindingCount("EMAIL", 2, 3), new FindingCount("PHONE", 2, 1)), 4096),
                new Context("debugging", now, List.of(
                        new Grant(new ResourceRef(ResourceKind.DATASET, "customer-tickets"), "debugging", now + 60),
                        new Grant(new ResourceRef(ResourceKind.LLM_ROUTE, "internal-llm"), "debugging", now + 3600))));
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public Decision tier1ChatDecision() {
        return engine.decide(tier1Chat);
    }

    @Benchmark
    public Decision tier2ChatWithGrantDecision() {
        return engine.decide(tier2ChatWithGrant);
    }
}
