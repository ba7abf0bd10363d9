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
        return Jwt.preferredUserName(name)
                .subject("sub-" + name)
                .issuer(ISSUER)
                .audience("tiergate")
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .sign();
    }

    /** A well-signed token for another audience: must be refused. */
    public static String forOtherAudience(String name) {
        return Jwt.preferredUserName(name).issuer(ISSUER).audience("some-other-api")
                .claim("realm_access", Map.of("roles", List.of("developer"))).sign();
    }
}
