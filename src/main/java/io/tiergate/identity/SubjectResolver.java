package io.tiergate.identity;

import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.gate.SubjectSource;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.SubjectType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Turns an authenticated caller into the policy's subject: stable id, user or service, roles and groups. */
@ApplicationScoped
public class SubjectResolver implements SubjectSource {

    private final IdentityConfig config;

    public SubjectResolver(IdentityConfig config) {
        this.config = config;
    }

    @Override
    public Subject subjectOf(SecurityIdentity identity) {
        List<String> roles = identity.getRoles().stream().sorted().toList();
        String id = identity.getPrincipal().getName();
        List<String> groups = List.of();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            String named = text(jwt.getClaim(config.nameClaim()));
            id = named != null && !named.isBlank() ? named : jwt.getSubject();
            groups = groupsOf(jwt.getClaim(config.groupsClaim()));
        }
        SubjectType type = roles.contains(config.serviceRole()) ? SubjectType.SERVICE : SubjectType.USER;
        return new Subject(id, type, roles, groups);
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
