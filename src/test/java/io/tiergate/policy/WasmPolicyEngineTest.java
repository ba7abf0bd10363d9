package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.policy.embedded.WasmPolicyEngine;
import io.tiergate.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmPolicyEngineTest {

    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void refusesToStartOnAModuleThatIsNotWasm() {
        assertThatThrownBy(() -> new WasmPolicyEngine(new byte[] {0, 1, 2, 3}, 1, Duration.ofSeconds(1), mapper))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void namesTheModuleItRuns() {
        try (var engine = new WasmPolicyEngine(WasmPolicyEngine.loadModule(null), 1, Duration.ofSeconds(1), mapper)) {
            assertThat(engine.revision()).matches("sha256:[0-9a-f]{64}");
            assertThat(engine.name()).isEqualTo("embedded");
        }
    }

    @Test
    void evaluatesConcurrentlyOnPooledInstances() throws Exception {
        try (var engine = new WasmPolicyEngine(WasmPolicyEngine.loadModule(null), 2, Duration.ofSeconds(10), mapper)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Decision>> calls = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    PolicyInput input = i % 2 == 0 ? PolicyInputs.tier1DatasetRead() : PolicyInputs.everyFieldSet();
                    calls.add(() -> engine.decide(input));
                }
                List<Future<Decision>> results = pool.invokeAll(calls);
                for (int i = 0; i < results.size(); i++) {
                    Decision d = results.get(i).get();
                    if (i % 2 == 0) {
                        assertThat(d.reasons()).containsExactly("tier1_access");
                    } else {
                        assertThat(d.reasons()).containsExactly("tier2_grant_active");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void evaluatesAnInputLargerThanTheInitialMemory() {
        // 3 MB of purpose text: the evaluator's linear memory starts at a few pages and must grow.
        PolicyInput small = PolicyInputs.tier1DatasetRead();
        PolicyInput large = new PolicyInput(small.subject(), small.action(), small.resource(), small.content(),
                new PolicyInput.Context("onboarding " + "x".repeat(3_000_000), small.context().now(), List.of()));
        try (var engine = new WasmPolicyEngine(WasmPolicyEngine.loadModule(null), 1, Duration.ofSeconds(1), mapper)) {
            // decided on its merits (a Tier 1 read: allowed), not denied as an engine failure
            assertThat(engine.decide(large).reasons()).containsExactly("tier1_access");
            // and the same evaluator still answers the next, ordinary input correctly
            assertThat(engine.decide(small).reasons()).containsExactly("tier1_access");
        }
    }

    @Test
    void reusesOneEvaluatorForManyDecisionsWithoutLeakingState() {
        try (var engine = new WasmPolicyEngine(WasmPolicyEngine.loadModule(null), 1, Duration.ofSeconds(1), mapper)) {
            for (int i = 0; i < 2_000; i++) {
                PolicyInput input = i % 2 == 0 ? PolicyInputs.tier1DatasetRead() : PolicyInputs.everyFieldSet();
                assertThat(engine.decide(input).reasons())
                        .containsExactly(i % 2 == 0 ? "tier1_access" : "tier2_grant_active");
            }
        }
    }

    @Test
    void refusesAModuleThatNeedsHostBuiltins(@TempDir Path dir) throws IOException {
        // time.now_ns is not compiled into Wasm by opa: the host must provide it, and Tiergate's
        // embedded engine provides none. It must refuse the module when loading it, not fail later.
        Files.writeString(dir.resolve("p.rego"), "package p\n\nallow if time.now_ns() > 0\n");
        String opa = Processes.run(List.of("bash", "scripts/ensure-opa.sh"), 900);
        Processes.run(List.of(opa, "build", "--target", "wasm", "--entrypoint", "p/allow",
                "--output", dir.resolve("bundle.tar.gz").toString(), dir.resolve("p.rego").toString()), 120);
        Processes.run(List.of("bash", "-c", "tar -xzOPf \"$0\" /policy.wasm > \"$1\"",
                dir.resolve("bundle.tar.gz").toString(), dir.resolve("policy.wasm").toString()), 60);
        byte[] module = Files.readAllBytes(dir.resolve("policy.wasm"));
        assertThatThrownBy(() -> new WasmPolicyEngine(module, 1, Duration.ofSeconds(1), mapper))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time.now_ns");
    }
}
