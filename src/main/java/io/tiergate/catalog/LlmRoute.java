package io.tiergate.catalog;

import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.Tier;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An LLM endpoint Tiergate fronts, with the highest tier of content it may receive and the kinds
 * of unscannable content (images, audio, references...) it declares it may receive; the policy decides on both.
 */
public record LlmRoute(String name, URI upstream, Tier maxTier, boolean external, Optional<String> apiKey,
        String owner, String description, List<String> acceptsUnscannable) {

    public LlmRoute {
        acceptsUnscannable = List.copyOf(acceptsUnscannable);
    }

    public LlmRoute(String name, URI upstream, Tier maxTier, boolean external, Optional<String> apiKey, String owner,
            String description) {
        this(name, upstream, maxTier, external, apiKey, owner, description, List.of());
    }

    /** This route, declaring that it may receive these kinds of unscannable content. */
    public LlmRoute acceptingUnscannable(List<String> kinds) {
        return new LlmRoute(name, upstream, maxTier, external, apiKey, owner, description, kinds);
    }

    @Override
    public String toString() {
        // never print the API key
        return "LlmRoute[" + name + " -> " + upstream + ", tier " + maxTier.level() + (external ? ", external" : "") + "]";
    }

    /** What the policy decides on for this route. */
    public Resource policyResource() {
        Resource resource = Catalog.Entry.of(this).policyResource();
        Map<String, Object> attributes = new LinkedHashMap<>(resource.attributes());
        attributes.put("accepts_unscannable", acceptsUnscannable);
        return new Resource(resource.kind(), resource.name(), resource.tier(), resource.owner(), attributes);
    }
}
