package io.tiergate.admin;

import io.tiergate.access.AccessService;
import java.util.List;

/** The person signed in to the admin UI, as the pages show them: their username and roles. */
public record Viewer(String name, List<String> roles) {

    /** The roles that matter here, for the header. */
    public String roleLabel() {
        if (roles.contains(AccessService.APPROVER_ROLE)) {
            return "privacy approver";
        }
        return roles.contains("auditor") ? "auditor, read-only" : String.join(", ", roles);
    }

    /** Whether the privacy team's sections are shown (a developer signed in sees the reports only). */
    public boolean privacyTeam() {
        return roles.contains(AccessService.APPROVER_ROLE) || roles.contains("auditor");
    }

    /** Whether the revoke controls are shown (the workflow still asks the policy on each revocation). */
    public boolean canRevoke() {
        return roles.contains(AccessService.APPROVER_ROLE);
    }
}
