package io.tiergate.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How callers' tokens map to policy subjects. The roles themselves come from the claim set in
 * {@code quarkus.oidc.roles.role-claim-path} (Keycloak: {@code realm_access/roles}).
 */
@ConfigMapping(prefix = "tiergate.identity")
public interface IdentityConfig {

    /** Token claim with the caller's display name (shown and audited, never a key); falls back to {@code sub} when absent. */
    @WithDefault("preferred_username")
    String nameClaim();

    /** Token claim listing the caller's groups (may be absent). */
    @WithDefault("groups")
    String groupsClaim();

    /** Role that marks a caller as a service (client-credentials) rather than a person. */
    @WithDefault("service")
    String serviceRole();
}
