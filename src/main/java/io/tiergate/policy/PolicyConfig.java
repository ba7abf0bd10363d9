package io.tiergate.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How Tiergate evaluates its Rego policy. */
@ConfigMapping(prefix = "tiergate.policy")
public interface PolicyConfig {

    /** Which engine answers: the policy compiled to Wasm in-process, or an OPA server. */
    @WithDefault("embedded")
    Engine engine();

    /** The OPA server engine. */
    Remote remote();

    /** The in-process Wasm engine. */
    Embedded embedded();

    /** The engines Tiergate has. */
    enum Engine {
        EMBEDDED,
        REMOTE
    }

    /** An OPA server queried over its REST Data API. */
    interface Remote {

        /** Base URL of the OPA server, e.g. the sidecar on loopback. */
        @WithDefault("http://127.0.0.1:8181")
        URI url();

        /** Path of the decision document under {@code /v1/data}. */
        @WithDefault("tiergate/main/decision")
        @NotBlank
        String decisionPath();

        /** Longest wait for an answer (connect and read); past it the request is denied. */
        @WithDefault("250ms")
        Duration timeout();
    }

    /** OPA's Wasm compilation of the policy, evaluated with Chicory. */
    interface Embedded {

        /** A Wasm module to load instead of the one built into Tiergate ({@code policy/tiergate-policy.wasm}). */
        Optional<Path> wasm();

        /**
         * Policy evaluators kept for concurrent evaluation (one is not thread-safe), all made at
         * start-up; size it to the concurrency you serve (each holds its own linear memory, 128 KiB
         * or more).
         */
        @WithDefault("16")
        @Min(1)
        @Max(256)
        int poolSize();

        /** Longest wait for a free instance; past it the request is denied. */
        @WithDefault("250ms")
        Duration acquireTimeout();

        /**
         * Serve the module's decision again for a byte-identical input (grants, their expiry and
         * {@code context.now} included) within the same second, instead of evaluating it again.
         */
        @WithDefault("true")
        boolean memoise();
    }
}
