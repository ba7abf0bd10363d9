package io.tiergate.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.gate.SubjectSource;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.SubjectType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns an authenticated caller into the policy's subject: its stable key ({@link SubjectKey}: the
 * token's issuer and {@code sub}), user or service, roles and groups; and its display name (the
 * {@code preferred_username}), which is shown and recorded but never decides anything.
 */
@ApplicationScoped
public class SubjectResolver implements SubjectSource {

    @Inject IdentityConfig config;

    /** The policy's subject; its id is the caller's {@link SubjectKey}. */
    @Override
    public Subject subjectOf(SecurityIdentity identity) {
        List<String> roles = identity.getRoles().stream().sorted().toList();
        String id = identity.getPrincipal().getName();
        List<String> groups = List.of();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            id = keyOf(jwt);
            groups = groupsOf(jwt.getClaim(config.groupsClaim()));
        }
        SubjectType type = roles.contains(config.serviceRole()) ? SubjectType.SERVICE : SubjectType.USER;
        return new Subject(id, type, roles, groups);
    }

    /** The caller's display name: the name claim, or the {@code sub} when the token has none. */
    @Override
    public String nameOf(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            String named = text(jwt.getClaim(config.nameClaim()));
            return named != null && !named.isBlank() ? named : jwt.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    /** Every token the gateway accepts is signed by its issuer and names a {@code sub}; one without is refused. */
    private static String keyOf(JsonWebToken jwt) {
        if (jwt.getIssuer() == null || jwt.getIssuer().isBlank() || jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            throw new AuthenticationFailedException("the token names no issuer or sub");
        }
        return SubjectKey.of(jwt.getIssuer(), jwt.getSubject());
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString string) {
            return string.getString();
        }
        return claim == null ? null : claim.toString();
    }

    private static List<String> groupsOf(Object claim) {
        if (claim instanceof JsonArray array) {
            return array.stream().filter(JsonString.class::isInstance)
                    .map(v -> ((JsonString) v).getString()).sorted().toList();
        }
        if (claim instanceof java.util.Collection<?> values) {
            return values.stream().map(String::valueOf).sorted().toList();
        }
        return List.of();
    }
}
