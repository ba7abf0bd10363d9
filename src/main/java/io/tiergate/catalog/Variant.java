package io.tiergate.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.policy.Tier;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One variant of a route's model: its upstream and credential, the model, system prompt and
 * parameters it sets on the forwarded request, the highest tier of content it may receive, and its
 * share of the route's episodes ({@code weight}) or, as a shadow, of its calls ({@code shadowShare}).
 * A route without declared variants has one {@code implicit} variant: itself, exactly as declared.
 */
public record Variant(String name, URI upstream, Optional<String> apiKey, Optional<String> model, Optional<String> systemPrompt,
        Map<String, JsonNode> parameters, double weight, Tier maxTier, boolean external, boolean baseline, double shadowShare,
        boolean implicit) {

    /** The name of a route's implicit variant (never sent: a route without variants has no variant in its decisions or answers). */
    public static final String IMPLICIT = "default";

    public Variant {
        parameters = Map.copyOf(parameters);
    }

    /** The variant a route without declared variants is: its own upstream, credential and clearance, nothing set on the request. */
    static Variant implicitOf(URI upstream, Optional<String> apiKey, Tier maxTier, boolean external) {
        return new Variant(IMPLICIT, upstream, apiKey, Optional.empty(), Optional.empty(), Map.of(), 1, maxTier, external, true, 0,
                true);
    }

    /** Whether it only receives copies of calls, never answering one. */
    public boolean shadow() {
        return shadowShare > 0;
    }

    /** Whether it changes anything of the request it is sent. */
    public boolean setsRequest() {
        return model.isPresent() || systemPrompt.isPresent() || !parameters.isEmpty();
    }

    /**
     * The policy's view of it ({@code resource.attributes.variant}): name, tier, external, whether it
     * is the baseline or a shadow, and for a fallback the variant the call had been assigned.
     */
    public Map<String, Object> policyView(String fallbackFrom) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("tier", maxTier.level());
        view.put("external", external);
        view.put("baseline", baseline);
        view.put("shadow", shadow());
        if (fallbackFrom != null) {
            view.put("fallback_from", fallbackFrom);
        }
        return view;
    }

    @Override
    public String toString() {
        // never print the API key
        return "Variant[" + name + " -> " + upstream + model.map(m -> ", model " + m).orElse("") + ", tier " + maxTier.level()
                + (external ? ", external" : "") + (baseline ? ", baseline" : "") + (shadow() ? ", shadow " + shadowShare : "")
                + "]";
    }
}
