package io.tiergate.gate;

import io.tiergate.policy.PolicyInput.Grant;
import io.tiergate.policy.PolicyInput.ResourceRef;
import java.util.List;

/** Where the policy input's active grants come from (the access workflow keeps them). */
public interface GrantSource {

    /**
     * The grants of {@code subjectId} for {@code resource} that have not expired
     * ({@code expires_at > now}) or been revoked at {@code nowEpochSeconds}. Throws a
     * {@link io.tiergate.http.ProblemException} when the store cannot answer (the request is refused).
     */
    List<Grant> activeGrants(String subjectId, ResourceRef resource, long nowEpochSeconds);
}
