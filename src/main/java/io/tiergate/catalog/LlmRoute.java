package io.tiergate.catalog;

import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.Tier;
import java.net.URI;
import java.util.Optional;

/** An LLM endpoint Tiergate fronts, with the highest tier of content it may receive. */
public record LlmRoute(String name, URI upstream, Tier maxTier, boolean external, Optional<String> apiKey,
        String owner, String description) {

    @Override
    public String toString() {
        // never print the API key
        return "LlmRoute[" + name + " -> " + upstream + ", tier " + maxTier.level() + (external ? ", external" : "") + "]";
    }

    /** What the policy decides on for this route. */
    public Resource policyResource() {
        return Catalog.Entry.of(this).policyResource();
    }
}
