package io.tiergate.policy;

import io.tiergate.policy.PolicyInput.Grant;
import java.util.List;

/** Where the policy input's active grants come from (the access workflow keeps them). */
public interface GrantSource {

    /** The grants of {@code subjectId} that have not expired or been revoked at {@code nowEpochSeconds}. */
    List<Grant> activeGrants(String subjectId, long nowEpochSeconds);
}
