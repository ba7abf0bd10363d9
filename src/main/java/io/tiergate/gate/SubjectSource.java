package io.tiergate.gate;

import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.policy.PolicyInput.Subject;

/** Where the gate learns who the caller is, as the policy sees it (the identity feature implements it). */
public interface SubjectSource {

    /** The policy's subject for an authenticated caller: stable id, user or service, roles and groups. */
    Subject subjectOf(SecurityIdentity identity);

    /** The caller's display name (a username, which may change): shown and recorded beside the subject's id, never decisive. */
    String nameOf(SecurityIdentity identity);
}
