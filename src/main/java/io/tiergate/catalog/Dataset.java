package io.tiergate.catalog;

import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.Tier;
import java.net.URI;

/** A dataset Tiergate fronts, with the tier of the data it holds. */
public record Dataset(String name, URI upstream, Tier tier, String owner, String description) {
    /** What the policy decides on for this dataset. */
    public Resource policyResource() {
        return Catalog.Entry.of(this).policyResource();
    }
}
