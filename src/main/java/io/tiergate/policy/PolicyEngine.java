package io.tiergate.policy;

/**
 * The policy decision point. One implementation per engine (OPA in-process as Wasm, OPA server
 * over its REST Data API), chosen by configuration; nothing else knows which one answered.
 */
public interface PolicyEngine {

    /**
     * Decides on one input. Never throws: when the engine cannot give a well-formed answer the
     * result is a deny carrying one of {@link ReasonCodes#ENGINE_FAILURES} (fail closed).
     */
    Decision decide(PolicyInput input);

    /** Short name of the engine for audit and health: {@code embedded} or {@code remote}. */
    String name();

    /** Identifies the policy code that answers, e.g. the digest of the Wasm module. */
    String revision();
}
