package io.tiergate.testing;

import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;

/**
 * Access tokens as the identity provider would issue them (signed with the test OIDC server's
 * key): Keycloak's shape, roles under {@code realm_access.roles}, audience {@code tiergate}.
 */
public final class Tokens {

    public static final String ISSUER = "https://server.example.com";

    private Tokens() {
    }

    public static String developer(String name) {
        return token(name, "developer");
    }

    public static String service(String name) {
        return token(name, "service");
    }

    public static String approver(String name) {
        return token(name, "privacy-approver");
    }

    public static String auditor(String name) {
        return token(name, "auditor");
    }

    public static String token(String name, String... roles) {
        return withSub("sub-" + name, name, roles);
    }

    /** A token of the subject {@code sub} going by the username {@code name} (which may change, or be another's). */
    public static String withSub(String sub, String name, String... roles) {
        return Jwt.preferredUserName(name)
                .subject(sub)
                .issuer(ISSUER)
                .audience("tiergate")
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .sign();
    }

    /** The subject key the gateway stores for the tokens of {@code name} made here. */
    public static String key(String name) {
        return ISSUER + "#sub-" + name;
    }

    /** A well-signed token for another audience: must be refused. */
    public static String forOtherAudience(String name) {
        return Jwt.preferredUserName(name).issuer(ISSUER).audience("some-other-api")
                .claim("realm_access", Map.of("roles", List.of("developer"))).sign();
    }
}
