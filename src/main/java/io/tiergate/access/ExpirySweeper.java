package io.tiergate.access;

import io.quarkus.scheduler.Scheduled;
import io.tiergate.access.AccessEvents.Actor;
import io.tiergate.audit.AuditTrail;
import io.tiergate.notify.Notice;
import io.tiergate.policy.AuditActions;
import io.tiergate.policy.PolicyInput.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Expires requests left unattended past their TTL, records elapsed grants in the audit log, and
 * warns before a grant expires. Expiry does not wait for this sweep: the grant lookup compares
 * times itself and a decision on an overdue request expires it first. Rows are taken with
 * {@code FOR UPDATE SKIP LOCKED}, so instances sweeping at once share the work, never repeat it.
 */
@ApplicationScoped
public class ExpirySweeper {

    private static final int BATCH = 100;
    private static final String SKIP_LOCKED = "jakarta.persistence.lock.timeout";

    @Inject AccessService service;
    @Inject AuditTrail trail;
    @Inject AccessConfig config;
    @Inject Event<Notice> notices;
    @Inject EntityManager em;
    @Inject Clock clock;

    @Scheduled(every = "${tiergate.access.sweep-interval:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweep();
    }

    /** One sweep; returns how many requests and grants it touched. */
    public int sweep() {
        return inBatches(this::expireRequests) + inBatches(this::recordExpiredGrants) + inBatches(this::warnBeforeExpiry);
    }

    /** Runs {@code batch} (one transaction of at most {@link #BATCH} rows) until a batch comes back short. */
    private static int inBatches(IntSupplier batch) {
        int touched = 0;
        int n;
        do {
            n = batch.getAsInt();
            touched += n;
        } while (n == BATCH);
        return touched;
    }

    @Transactional
    int expireRequests() {
        Instant now = clock.instant();
        List<AccessRequest> overdue = em.createQuery(
                "from AccessRequest where state = :pending and pendingUntil <= :now order by pendingUntil", AccessRequest.class)
                .setParameter("pending", RequestState.PENDING).setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setHint(SKIP_LOCKED, -2).setMaxResults(BATCH).getResultList();
        for (AccessRequest r : overdue) {
            service.expireUnattended(r, now, Actor.system(), service.resourceOf(r.resourceKind, r.resourceName).map(Resource::tier).orElse(null));
        }
        return overdue.size();
    }

    @Transactional
    int recordExpiredGrants() {
        Instant now = clock.instant();
        List<AccessGrant> elapsed = em.createQuery(
                "from AccessGrant where revokedAt is null and expiryRecordedAt is null and expiresAt <= :now order by expiresAt",
                AccessGrant.class)
                .setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setHint(SKIP_LOCKED, -2).setMaxResults(BATCH).getResultList();
        for (AccessGrant g : elapsed) {
            g.expiryRecordedAt = now;
            trail.appendInCallerTransaction(AccessEvents.grant(Actor.system(), now, AuditActions.GRANT_EXPIRED, "expired", g,
                    service.resourceOf(g.resourceKind, g.resourceName).map(Resource::tier).orElse(null), List.of("grant_expired")));
        }
        return elapsed.size();
    }

    @Transactional
    int warnBeforeExpiry() {
        Instant now = clock.instant();
        List<AccessGrant> soon = em.createQuery(
                "from AccessGrant where revokedAt is null and expiryWarnedAt is null and expiresAt > :now and expiresAt <= :soon "
                        + "order by expiresAt", AccessGrant.class)
                .setParameter("now", now).setParameter("soon", now.plus(config.expiryWarning()))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setHint(SKIP_LOCKED, -2).setMaxResults(BATCH).getResultList();
        for (AccessGrant g : soon) {
            g.expiryWarnedAt = now;
            notices.fire(new Notice("grant.expiring", g.id.toString(), g.resourceKind, g.resourceName, g.subjectId, "tiergate",
                    "Grant " + g.id + " of " + g.subjectName + " for " + g.resourceKind + " '" + g.resourceName + "' ("
                            + g.purpose + ") expires at " + g.expiresAt + "."));
        }
        return soon.size();
    }
}
