package io.tiergate.policy;

import static io.tiergate.policy.PolicyInputs.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.policy.PolicyInput.Context;
import io.tiergate.policy.PolicyInput.Grant;
import io.tiergate.policy.embedded.WasmPolicyEngine;
import io.tiergate.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine serves a decision again for a byte-identical input within one second: never
 * for a revoked grant, an expired grant or another policy, allowed path and forbidden path alike.
 */
class DecisionMemoTest {

    final ObjectMapper mapper = new ObjectMapper();

    /** The Tier 2 call of {@link PolicyInputs#everyFieldSet()} at {@code now} with {@code grants}. */
    static PolicyInput tier2Call(long now, List<Grant> grants) {
        PolicyInput base = PolicyInputs.everyFieldSet();
        return new PolicyInput(base.subject(), base.action(), base.resource(), base.content(),
                new Context(base.context().purpose(), now, grants));
    }

    static List<Grant> grantUntil(long expiresAt) {
        return List.of(new Grant(PolicyInputs.everyFieldSet().context().grants().get(0).resource(), "debugging", expiresAt));
    }

    static WasmPolicyEngine engine(byte[] module) {
        return new WasmPolicyEngine(module, 1, Duration.ofSeconds(5), new ObjectMapper());
    }

    @Test
    void servesARepeatedInputWithinTheSameSecondOnly() {
        try (var engine = engine(WasmPolicyEngine.loadModule(null))) {
            PolicyInput call = tier2Call(NOW, grantUntil(NOW + 3600));
            assertThat(engine.decide(call).reasons()).containsExactly("tier2_grant_active");
            assertThat(engine.decide(call).reasons()).containsExactly("tier2_grant_active");
            assertThat(engine.memoHits()).isEqualTo(1);

            // the next second is asked of the module again
            assertThat(engine.decide(tier2Call(NOW + 1, grantUntil(NOW + 3600))).allow()).isTrue();
            assertThat(engine.memoHits()).isEqualTo(1);
        }
    }

    @Test
    void aRevokedGrantDoesNotGetThroughAMemoisedAllow() {
        try (var engine = engine(WasmPolicyEngine.loadModule(null))) {
            PolicyInput withGrant = tier2Call(NOW, grantUntil(NOW + 3600));
            assertThat(engine.decide(withGrant).allow()).isTrue();
            assertThat(engine.decide(withGrant).allow()).isTrue();

            // revoked in the same second: the grant source no longer lists it
            Decision afterRevocation = engine.decide(tier2Call(NOW, List.of()));
            assertThat(afterRevocation.allow()).isFalse();
            assertThat(afterRevocation.reasons()).containsExactly("tier2_requires_grant");
            assertThat(engine.decide(tier2Call(NOW, List.of())).allow()).isFalse();
            // and a caller who still holds one is allowed (the memo holds both answers apart)
            assertThat(engine.decide(withGrant).allow()).isTrue();
        }
    }

    @Test
    void anExpiredGrantDoesNotGetThroughAMemoisedAllow() {
        try (var engine = engine(WasmPolicyEngine.loadModule(null))) {
            List<Grant> endsNextSecond = grantUntil(NOW + 1);
            assertThat(engine.decide(tier2Call(NOW, endsNextSecond)).allow()).isTrue();
            assertThat(engine.decide(tier2Call(NOW, endsNextSecond)).allow()).isTrue();

            // the same grant, still listed (a store that has not swept it), at its expiry: denied
            Decision atExpiry = engine.decide(tier2Call(NOW + 1, endsNextSecond));
            assertThat(atExpiry.allow()).isFalse();
            assertThat(atExpiry.reasons()).containsExactly("tier2_requires_grant");
            assertThat(engine.decide(tier2Call(NOW + 1, endsNextSecond)).allow()).isFalse();
        }
    }

    @Test
    void aChangedPolicyDoesNotGetAMemoisedDecision(@TempDir Path dir) throws IOException {
        // a second of its own, later than the other tests' (a memo shared between engines would hold it)
        long now = NOW + 1_000_000;
        PolicyInput call = tier2Call(now, grantUntil(now + 3600));
        byte[] shipped = WasmPolicyEngine.loadModule(null);
        byte[] changed = module(dir, """
                package tiergate.main

                decision := {"allow": false, "reasons": ["tier2_requires_grant"],
                    "obligations": {"redact": [], "mask_fields": [], "capture": "none"}}
                """);
        try (var before = engine(shipped)) {
            assertThat(before.decide(call).allow()).isTrue();
            assertThat(before.decide(call).allow()).isTrue();
            assertThat(before.memoHits()).isEqualTo(1);
        }
        // the gateway reloads a policy by making a new engine: it must ask the new module
        try (var after = engine(changed)) {
            assertThat(after.decide(call).allow()).isFalse();
            assertThat(after.decide(call).allow()).isFalse();
        }
        // and the way back: a module that allows again is not served the deny
        try (var again = engine(shipped)) {
            assertThat(again.decide(call).allow()).isTrue();
        }
    }

    @Test
    void engineFailuresAreNotKept() {
        // an input too large for the evaluator's memory fails (a deny); the next identical input is tried again
        PolicyInput small = PolicyInputs.tier1DatasetRead();
        PolicyInput huge = new PolicyInput(small.subject(), small.action(), small.resource(), small.content(),
                new Context("x".repeat(70_000_000), NOW, List.of()));
        try (var engine = engine(WasmPolicyEngine.loadModule(null))) {
            assertThat(engine.decide(huge).reasons()).containsExactly(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
            assertThat(engine.decide(huge).reasons()).containsExactly(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
            assertThat(engine.memoHits()).isZero();
        }
    }

    @Test
    void keepsNoLongInputs() {
        // 20 KB of purpose: decided on its merits each time, never held in the memo
        PolicyInput small = PolicyInputs.tier1DatasetRead();
        PolicyInput longPurpose = new PolicyInput(small.subject(), small.action(), small.resource(), small.content(),
                new Context("onboarding " + "x".repeat(20_000), NOW, List.of()));
        try (var engine = engine(WasmPolicyEngine.loadModule(null))) {
            assertThat(engine.decide(longPurpose).reasons()).containsExactly("tier1_access");
            assertThat(engine.decide(longPurpose).reasons()).containsExactly("tier1_access");
            assertThat(engine.memoHits()).isZero();
            assertThat(engine.decide(small).allow()).isTrue();
            assertThat(engine.decide(small).allow()).isTrue();
            assertThat(engine.memoHits()).isEqualTo(1);
        }
    }

    /** {@code rego} compiled to Wasm with the pinned opa, entrypoint {@code tiergate/main/decision}. */
    static byte[] module(Path dir, String rego) throws IOException {
        Files.writeString(dir.resolve("main.rego"), rego);
        String opa = Processes.run(List.of("bash", "scripts/ensure-opa.sh"), 900);
        Processes.run(List.of(opa, "build", "--target", "wasm", "--entrypoint", "tiergate/main/decision",
                "--output", dir.resolve("bundle.tar.gz").toString(), dir.resolve("main.rego").toString()), 120);
        Processes.run(List.of("bash", "-c", "tar -xzOPf \"$0\" /policy.wasm > \"$1\"",
                dir.resolve("bundle.tar.gz").toString(), dir.resolve("policy.wasm").toString()), 60);
        return Files.readAllBytes(dir.resolve("policy.wasm"));
    }
}
