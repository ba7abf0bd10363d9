package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.policy.remote.RemoteOpaEngine;
import io.tiergate.testing.Processes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The remote engine fails closed on every way an OPA server can fail to give a decision. */
@QuarkusTest
class RemoteOpaEngineTest {

    @ConfigProperty(name = "tiergate.test.opa-url")
    URI opaUrl;

    @Test
    void allowsWhenTheRealPolicyAllows() {
        Decision decision = new RemoteOpaEngine(opaUrl, "tiergate/main/decision", Duration.ofSeconds(2))
                .decide(PolicyInputs.tier1DatasetRead());
        assertThat(decision.allow()).isTrue();
        assertThat(decision.reasons()).containsExactly("tier1_access");
    }

    @Test
    void deniesWhenOpaIsUnreachable() {
        URI closed = URI.create("http://127.0.0.1:" + Processes.freePort());
        assertThat(new RemoteOpaEngine(closed, "tiergate/main/decision", Duration.ofSeconds(2))
                .decide(PolicyInputs.tier1DatasetRead()))
                .isEqualTo(Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE));
    }

    @Test
    void deniesWhenOpaDoesNotAnswerInTime() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accept, never answer
                    }
                } catch (IOException closedAtEnd) {
                    // the test is over
                }
            });
            acceptor.start();
            URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            assertThat(new RemoteOpaEngine(url, "tiergate/main/decision", Duration.ofMillis(300))
                    .decide(PolicyInputs.tier1DatasetRead()))
                    .isEqualTo(Decision.deny(ReasonCodes.POLICY_ENGINE_TIMEOUT));
        }
    }

    @Test
    void deniesWhenThePolicyIsUndefined() {
        assertThat(fixture("undefined_decision")).isEqualTo(Decision.deny(ReasonCodes.POLICY_RESULT_UNDEFINED));
    }

    @Test
    void deniesWhenTheAnswerIsNotADecision() {
        assertThat(fixture("malformed")).isEqualTo(Decision.deny(ReasonCodes.POLICY_RESULT_MALFORMED));
        assertThat(fixture("missing_obligations")).isEqualTo(Decision.deny(ReasonCodes.POLICY_RESULT_MALFORMED));
    }

    @Test
    void deniesWhenOpaFailsToEvaluate() {
        assertThat(fixture("conflicting")).isEqualTo(Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE));
    }

    @Test
    void passesObligationsThroughForTheEnforcerToCheck() {
        Decision decision = fixture("allow_with_redaction");
        assertThat(decision.allow()).isTrue();
        assertThat(decision.obligations().redact()).containsExactly("EMAIL");
        assertThat(decision.requireSupported(java.util.Set.of()))
                .isEqualTo(Decision.deny(ReasonCodes.OBLIGATION_UNSUPPORTED));
    }

    private Decision fixture(String rule) {
        return new RemoteOpaEngine(opaUrl, "tiergate/fixtures/" + rule, Duration.ofSeconds(2))
                .decide(PolicyInputs.tier1DatasetRead());
    }
}
