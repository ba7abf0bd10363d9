package io.tiergate.catalog;

import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.Tier;

/**
 * The captures of one LLM route, a dataset of the catalog named {@code captures/<route>} (a name
 * no configured dataset can take: theirs hold no '/'), with its declared tier (the route's unless
 * {@code capture-tier} says otherwise), its route's owner and its route's access rules. Reading and
 * exporting it are decided like any dataset's ({@code dataset.read}, {@code dataset.export}).
 */
public record CaptureStore(String name, String route, Tier tier, String owner, String description) {

    /** What every capture store's dataset name starts with. */
    public static final String PREFIX = "captures/";

    static CaptureStore of(LlmRoute route) {
        return new CaptureStore(PREFIX + route.name(), route.name(), route.captureStoreTier(), route.owner(),
                "Captured calls of the LLM route '" + route.name() + "'");
    }

    static boolean isStoreName(String name) {
        return name.startsWith(PREFIX);
    }

    /** What the policy decides on for this store: a dataset with {@code capture_store: true}. */
    public Resource policyResource() {
        return Catalog.Entry.of(this).policyResource();
    }
}
