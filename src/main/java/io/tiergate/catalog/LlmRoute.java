package io.tiergate.catalog;

import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An LLM endpoint Tiergate fronts, with the highest tier of content it may receive and the kinds
 * of unscannable content (images, audio, references...) it declares it may receive; the policy decides on both.
 */
public record LlmRoute(String name, URI upstream, Tier maxTier, boolean external, Optional<String> apiKey,
        String owner, String description, List<String> acceptsUnscannable, Capture capture, Variants variants) {

    public LlmRoute {
        acceptsUnscannable = List.copyOf(acceptsUnscannable);
        if (variants == null) {
            variants = new Variants(List.of(Variant.implicitOf(upstream, apiKey, maxTier, external)), List.of());
        }
    }

    public LlmRoute(String name, URI upstream, Tier maxTier, boolean external, Optional<String> apiKey, String owner,
            String description) {
        this(name, upstream, maxTier, external, apiKey, owner, description, List.of(), Capture.DEFAULT, null);
    }

    /**
     * What the route declares about capturing its calls: whether at all, the purposes never
     * captured, whether embeddings are, how long captures are kept, and the tier of its capture
     * store when it is not the route's own.
     */
    public record Capture(boolean on, List<String> offPurposes, boolean embeddings, Duration retention, Optional<Tier> storeTier) {

        /** Captured as the policy decides, embeddings not, kept 30 days, in a store of the route's tier. */
        public static final Capture DEFAULT = new Capture(true, List.of(), false, Duration.ofDays(30), Optional.empty());

        public Capture(boolean on, List<String> offPurposes, boolean embeddings, Duration retention) {
            this(on, offPurposes, embeddings, retention, Optional.empty());
        }

        public Capture {
            offPurposes = List.copyOf(offPurposes);
            if (retention.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("a capture retention is at least a day, not " + retention);
            }
        }
    }

    /** This route, declaring that it may receive these kinds of unscannable content. */
    public LlmRoute acceptingUnscannable(List<String> kinds) {
        return new LlmRoute(name, upstream, maxTier, external, apiKey, owner, description, kinds, capture, variants);
    }

    /** This route, with these capture declarations. */
    public LlmRoute capturing(Capture declared) {
        return new LlmRoute(name, upstream, maxTier, external, apiKey, owner, description, acceptsUnscannable, declared, variants);
    }

    /** This route, with these variants. */
    public LlmRoute withVariants(Variants declared) {
        return new LlmRoute(name, upstream, maxTier, external, apiKey, owner, description, acceptsUnscannable, capture, declared);
    }

    /** The name its calls to {@code variant}'s upstream go by in metrics and traces: the route's, or {@code <route>/<variant>}. */
    public String upstreamName(Variant variant) {
        return variant.implicit() ? name : name + "/" + variant.name();
    }

    @Override
    public String toString() {
        // never print the API key
        return "LlmRoute[" + name + " -> " + upstream + ", tier " + maxTier.level() + (external ? ", external" : "") + "]";
    }

    /** The declared tier of the route's capture store: its own declaration, else the route's tier. */
    public Tier captureStoreTier() {
        return capture.storeTier().orElse(maxTier);
    }

    /**
     * What the policy decides on for a call to {@code variant} of this route: the route, and for a
     * declared variant {@code attributes.variant} ({@link Variant#policyView}); {@code fallbackFrom}
     * names the variant the call was assigned when it falls back to the baseline (else null).
     */
    public Resource policyResource(Variant variant, String fallbackFrom) {
        Resource resource = policyResource();
        if (variant.implicit()) {
            return resource;
        }
        Map<String, Object> attributes = new LinkedHashMap<>(resource.attributes());
        attributes.put("variant", variant.policyView(fallbackFrom));
        return new Resource(resource.kind(), resource.name(), resource.tier(), resource.owner(), attributes);
    }

    /** What the policy decides on for this route. */
    public Resource policyResource() {
        Resource resource = Catalog.Entry.of(this).policyResource();
        Map<String, Object> attributes = new LinkedHashMap<>(resource.attributes());
        attributes.put("accepts_unscannable", acceptsUnscannable);
        attributes.put("capture", capture.on() ? "on" : "off");
        attributes.put("capture_off_purposes", capture.offPurposes());
        attributes.put("capture_embeddings", capture.embeddings());
        attributes.put("capture_store_tier", captureStoreTier().level());
        return new Resource(resource.kind(), resource.name(), resource.tier(), resource.owner(), attributes);
    }
}
