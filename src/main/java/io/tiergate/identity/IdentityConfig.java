package io.tiergate.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    /** The cache of verified bearer tokens ({@link VerifiedTokens}). */
    TokenCache tokenCache();

    interface TokenCache {

        /** Off: every call's token signature is checked again. */
        @WithDefault("true")
        boolean enabled();

        /** Tokens remembered at most (a full cache of valid entries verifies new tokens every time). */
        @WithDefault("10000")
        int maxEntries();

        /** Longest time a verified token is served from the cache, however long it is valid. */
        @WithDefault("2m")
        Duration maxAge();

        /** How often the provider's key set is fetched to drop tokens signed by a withdrawn key. */
        @WithDefault("30s")
        Duration keyCheckInterval();
    }
}
