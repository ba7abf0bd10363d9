package io.tiergate.access;

import io.tiergate.access.AccessEvents.Actor;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditTrail;
import io.tiergate.identity.SubjectKey;
import io.tiergate.policy.AuditActions;
import io.tiergate.policy.PolicyInput.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one-off move of requests, approvals and grants from usernames to subject keys
 * ({@link SubjectKey}), for rows written before subjects were keyed on {@code sub}. Each username
 * is looked up in the identity provider once: a known one gets its key (and a
 * {@code subject.rekeyed} event); for an unknown one its pending requests (and pending requests
 * it approved) and its active grants expire, each with its event and the reason
 * {@code subject_not_mapped}. Nothing is ever attached to a caller by username at run time: a
 * row left with a username matches nobody. Run by {@code scripts/rekey-subjects.sh}.
 */
@ApplicationScoped
public class SubjectRekey {

    /** The reason code of what expires because its subject could not be mapped. */
    public static final String NOT_MAPPED = "subject_not_mapped";

    @Inject EntityManager em;
    @Inject AuditTrail trail;
    @Inject AccessService service;
    @Inject Clock clock;

    /** What the re-key did (or, in a dry run, would do). */
    public record Report(Map<String, String> mapped, SortedSet<String> unmapped, int expiredRequests, int expiredGrants) {
    }

    /** The usernames still stored as subjects, in requests, approvals and grants. */
    public SortedSet<String> legacyNames() {
        SortedSet<String> names = new TreeSet<>();
        names.addAll(em.createQuery("select distinct requesterId from AccessRequest where requesterId not like '%#%'", String.class)
                .getResultList());
        names.addAll(em.createQuery("select distinct approverId from AccessApproval where approverId not like '%#%'", String.class)
                .getResultList());
        names.addAll(em.createQuery("select distinct subjectId from AccessGrant where subjectId not like '%#%'", String.class)
                .getResultList());
        return names;
    }

    /**
     * Looks every stored username up with {@code subOf} (outside any transaction), then, unless
     * {@code dryRun}, applies the outcome in one transaction. {@code subOf} throws when the
     * identity provider cannot answer; nothing is changed then.
     */
    public Report rekey(String issuer, Function<String, Optional<String>> subOf, boolean dryRun) {
        Map<String, String> mapped = new TreeMap<>();
        SortedSet<String> unmapped = new TreeSet<>();
        for (String name : legacyNames()) {
            subOf.apply(name).ifPresentOrElse(sub -> mapped.put(name, SubjectKey.of(issuer, sub)), () -> unmapped.add(name));
        }
        if (dryRun) {
            return new Report(mapped, unmapped, 0, 0);
        }
        return apply(mapped, unmapped);
    }

    @Transactional
    Report apply(Map<String, String> mapped, SortedSet<String> unmapped) {
        Instant now = clock.instant();
        Actor gateway = Actor.system();
        for (Map.Entry<String, String> m : mapped.entrySet()) {
            int requests = AccessRequest.update("requesterId = ?1 where requesterId = ?2", m.getValue(), m.getKey());
            int approvals = AccessApproval.update("approverId = ?1 where approverId = ?2", m.getValue(), m.getKey());
            int grants = AccessGrant.update("subjectId = ?1 where subjectId = ?2", m.getValue(), m.getKey());
            trail.appendInCallerTransaction(rekeyed(gateway, now, m.getValue(),
                    "username=" + m.getKey() + "; requests=" + requests + "; approvals=" + approvals + "; grants=" + grants));
        }
        int expiredRequests = 0;
        int expiredGrants = 0;
        for (String name : unmapped) {
            for (AccessRequest r : pendingOf(name)) {
                service.expire(r, now, gateway, tierOf(r.resourceKind, r.resourceName),
                        "'" + name + "' is not known to the identity provider", NOT_MAPPED);
                expiredRequests++;
            }
            List<AccessGrant> active = em.createQuery(
                    "from AccessGrant where subjectId = :name and revokedAt is null and expiresAt > :now", AccessGrant.class)
                    .setParameter("name", name).setParameter("now", now).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            for (AccessGrant g : active) {
                g.expiresAt = now;
                g.expiryRecordedAt = now;
                trail.appendInCallerTransaction(AccessEvents.grant(gateway, now, AuditActions.GRANT_EXPIRED, "expired", g, tierOf(g.resourceKind, g.resourceName),
                        List.of(NOT_MAPPED)));
                expiredGrants++;
            }
        }
        return new Report(mapped, unmapped, expiredRequests, expiredGrants);
    }

    /** Pending requests made by {@code name}, or approved by them (such an approval cannot be told apart any more). */
    private List<AccessRequest> pendingOf(String name) {
        List<AccessRequest> pending = new ArrayList<>(em.createQuery("""
                from AccessRequest r where r.state = :pending and (r.requesterId = :name
                  or exists (select 1 from AccessApproval a where a.requestId = r.id and a.approverId = :name))""", AccessRequest.class)
                .setParameter("pending", RequestState.PENDING).setParameter("name", name)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList());
        pending.removeIf(r -> r.state != RequestState.PENDING); // expired above for another name of the same request
        return pending;
    }

    private Integer tierOf(String kind, String name) {
        return service.resourceOf(kind, name).map(Resource::tier).orElse(null);
    }

    private static AuditEvent rekeyed(Actor actor, Instant at, String key, String details) {
        return AuditEvent.builder(AuditEvent.Kind.TRANSITION, AuditActions.SUBJECT_REKEYED).at(at)
                .request(actor.meta().requestId(), actor.meta().traceId()).subject(actor.id(), actor.type())
                .resource(AccessService.WORKFLOW.kind().json(), AccessService.WORKFLOW.name(), null)
                .outcome("rekeyed").target(key).details(details).build();
    }
}
