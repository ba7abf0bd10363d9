package io.tiergate.admin;

import io.tiergate.access.AccessGrant;
import java.time.Instant;

/** A grant as the console shows it. */
public record GrantView(String id, String requestId, String subject, String resourceKind, String resourceName, String purpose,
        String starts, String expires, String state, boolean active, String revokedBy, String revokeReason, String remaining) {

    static GrantView of(AccessGrant g, Instant now) {
        boolean active = g.activeAt(now);
        String state = g.revokedAt != null ? "revoked" : active ? "active" : "expired";
        return new GrantView(g.id.toString(), g.requestId.toString(), g.subjectId, g.resourceKind, g.resourceName, g.purpose,
                Console.time(g.startsAt), Console.time(g.expiresAt), state, active, g.revokedBy == null ? "" : g.revokedBy,
                g.revokeReason == null ? "" : g.revokeReason, active ? Console.age(now, g.expiresAt) : "");
    }
}
