package io.tiergate.catalog;

import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.Tier;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A dataset Tiergate fronts, with the tier of the data it holds, the fields it declares Tier 2
 * (JSON pointers, {@code *} for every element) and the credential its upstream expects.
 */
public record Dataset(String name, URI upstream, Tier tier, String owner, String description, List<String> tier2Fields,
        Optional<String> apiKey) {

    public Dataset {
        tier2Fields = List.copyOf(tier2Fields);
    }

    public Dataset(String name, URI upstream, Tier tier, String owner, String description) {
        this(name, upstream, tier, owner, description, List.of(), Optional.empty());
    }

    /** What the policy decides on for this dataset (with its declared Tier 2 fields). */
    public Resource policyResource() {
        return Catalog.Entry.of(this).policyResource();
    }

    @Override
    public String toString() {
        // never print the API key
        return "Dataset[" + name + " -> " + upstream + ", tier " + tier.level() + ", Tier 2 fields " + tier2Fields + "]";
    }
}
