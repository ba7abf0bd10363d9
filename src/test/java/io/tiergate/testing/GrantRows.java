package io.tiergate.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tiergate.access.AccessGrant;
import io.tiergate.access.AccessRequest;
import io.tiergate.access.RequestState;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Grant rows written straight to the database (with the approved request each one needs), for tests of the grant lists. */
public final class GrantRows {

    private GrantRows() {
    }

    /** A grant of {@code holder} (stored under {@link Tokens#key}) on dataset {@code resource}, from {@code startsAt} to {@code expiresAt}. */
    public static UUID insert(String holder, String resource, Instant startsAt, Instant expiresAt, boolean revoked) {
        return insert(holder, "dataset", resource, startsAt, expiresAt, revoked);
    }

    /** An active grant of {@code holder} on LLM route {@code route}, for the purpose {@value #PURPOSE}, from a minute ago for a day. */
    public static UUID activeOnRoute(String holder, String route) {
        Instant start = Instant.now().minus(Duration.ofMinutes(1));
        return insert(holder, "llm_route", route, start, start.plus(Duration.ofDays(1)), false);
    }

    /** The purpose of every fixture grant. */
    public static final String PURPOSE = "debugging";

    private static UUID insert(String holder, String kind, String resource, Instant startsAt, Instant expiresAt, boolean revoked) {
        UUID requestId = UUID.randomUUID();
        UUID grantId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            AccessRequest r = new AccessRequest();
            r.id = requestId;
            r.requesterId = Tokens.key(holder);
            r.requesterName = holder;
            r.requesterType = "user";
            r.resourceKind = kind;
            r.resourceName = resource;
            r.purpose = PURPOSE;
            r.justification = "grant list fixture";
            r.requestedSeconds = Duration.between(startsAt, expiresAt).toSeconds();
            r.approvalsRequired = 1;
            r.state = RequestState.APPROVED;
            r.createdAt = startsAt.minusSeconds(60);
            r.pendingUntil = startsAt.plusSeconds(3600);
            r.decidedAt = startsAt;
            r.decidedBy = "fixture";
            r.persist();
            AccessGrant g = new AccessGrant();
            g.id = grantId;
            g.requestId = requestId;
            g.subjectId = Tokens.key(holder);
            g.subjectName = holder;
            g.resourceKind = kind;
            g.resourceName = resource;
            g.purpose = PURPOSE;
            g.startsAt = startsAt;
            g.expiresAt = expiresAt;
            if (revoked) {
                g.revokedAt = startsAt.plusSeconds(1);
                g.revokedBy = "fixture";
                g.revokeReason = "fixture";
            }
            g.persist();
        });
        return grantId;
    }

    /** An active grant of {@code holder} on {@code resource} that started {@code minutesAgo} minutes ago and runs for a day. */
    public static UUID active(String holder, String resource, int minutesAgo) {
        Instant start = Instant.now().minus(Duration.ofMinutes(minutesAgo));
        return insert(holder, resource, start, start.plus(Duration.ofDays(1)), false);
    }
}
