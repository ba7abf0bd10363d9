package io.tiergate.policy;

import io.quarkus.arc.DefaultBean;
import io.tiergate.policy.PolicyInput.Grant;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The grant source until the access workflow provides one: nobody holds a grant, so Tier 2 stays closed. */
@DefaultBean
@ApplicationScoped
public class NoGrants implements GrantSource {

    @Override
    public List<Grant> activeGrants(String subjectId, long nowEpochSeconds) {
        return List.of();
    }
}
