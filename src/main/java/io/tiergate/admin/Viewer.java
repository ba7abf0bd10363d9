package io.tiergate.admin;

import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.identity.SubjectResolver;
import io.tiergate.policy.PolicyInput.Subject;
import java.util.List;

/** The person signed in to the admin UI, as the pages show them. */
public record Viewer(String name, List<String> roles) {

    static Viewer of(SecurityIdentity identity, SubjectResolver subjects) {
        Subject subject = subjects.subjectOf(identity);
        return new Viewer(subject.id(), subject.roles());
    }

    /** The roles that matter here, for the header. */
    public String roleLabel() {
        if (roles.contains("privacy-approver")) {
            return "privacy approver";
        }
        return roles.contains("auditor") ? "auditor, read-only" : String.join(", ", roles);
    }

    public boolean canDecide() {
        return roles.contains("privacy-approver");
    }
}
