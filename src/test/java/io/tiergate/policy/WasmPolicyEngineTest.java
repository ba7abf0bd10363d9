package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.policy.embedded.WasmPolicyEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

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
}
