package io.tiergate.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.access.AccessEvents.Actor;
import io.tiergate.audit.AuditTrail;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.Catalog.AccessRules;
import io.tiergate.http.ProblemException;
import io.tiergate.http.RequestMeta;
import io.tiergate.identity.SubjectResolver;
import io.tiergate.notify.Notice;
import io.tiergate.policy.Enforcer;
import io.tiergate.policy.Enforcer.Access;
import io.tiergate.policy.PolicyInput.AccessRequestFacts;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The Tier 2 access workflow: requests, decisions, grants, revocations. Who may do what is the
 * policy's decision (actions {@code access.request}, {@code access.decide}, {@code access.revoke},
 * {@code access.review}); the invariants are checked again here. Every transition and its audit
 * event commit in one transaction; decisions on one request are serialised by its row lock, so
 * two reviewers acting at once give one outcome and the later one a 409.
 */
@ApplicationScoped
public class AccessService {

    static final Resource WORKFLOW = new Resource(ResourceKind.ACCESS_WORKFLOW, "access-workflow", 2, "privacy-team", Map.of());

    private final Catalog catalog;
    private final Enforcer enforcer;
    private final AuditTrail trail;
    private final AccessConfig config;
    private final Clock clock;
    private final Event<Notice> notices;
    private final SubjectResolver subjects;

    public AccessService(Catalog catalog, Enforcer enforcer, AuditTrail trail, AccessConfig config, Clock clock,
            Event<Notice> notices, SubjectResolver subjects) {
        this.subjects = subjects;
        this.catalog = catalog;
        this.enforcer = enforcer;
        this.trail = trail;
        this.config = config;
        this.clock = clock;
        this.notices = notices;
    }

    /** A request with its approvals and, once approved, its grant. */
    public record Details(AccessRequest request, List<AccessApproval> approvals, Optional<AccessGrant> grant) {
    }

    /** Asks for Tier 2 access. The resource's tier and limits are the catalog's, now. */
    @Transactional
    public Details create(SecurityIdentity caller, RequestMeta meta, ResourceKind kind, String name, String purpose,
            String justification, Duration duration) {
        Resource resource = resourceOf(kind.json(), name)
                .orElseThrow(() -> ProblemException.notFound("unknown_resource", "There is no " + kind.json() + " '" + name + "'."));
        AccessRules rules = catalog.accessRules(kind.json(), name).orElseThrow();
        Subject subject = enforcer.authorize(caller, new Access(Action.ACCESS_REQUEST, resource, Content.none(), purpose, Set.of()), meta)
                .subject();
        if (!config.purposes().contains(purpose)) {
            throw invalid("purpose", "purpose_not_allowed", "The purpose must be one of " + config.purposes() + ".");
        }
        if (justification.isBlank() || justification.length() > config.maxJustification()) {
            throw invalid("justification", "invalid_justification",
                    "Give a justification of 1 to " + config.maxJustification() + " characters.");
        }
        checkDuration(duration, rules.maxGrantDuration());
        Instant now = clock.instant();
        AccessRequest r = new AccessRequest();
        r.id = UUID.randomUUID();
        r.requesterId = subject.id();
        r.requesterType = subject.type().json();
        r.resourceKind = kind.json();
        r.resourceName = name;
        r.purpose = purpose;
        r.justification = justification;
        r.requestedSeconds = duration.toSeconds();
        r.approvalsRequired = rules.approvalsRequired();
        r.state = RequestState.PENDING;
        r.createdAt = now;
        r.pendingUntil = now.plus(config.pendingTtl());
        r.persist();
        trail.record(AccessEvents.request(Actor.of(subject, meta), now, "access.request.created", r, resource.tier(), List.of(),
                "requested=" + duration + "; approvals_required=" + r.approvalsRequired));
        notices.fire(notice("access.request.created", r, subject.id(), subject.id() + " asks for Tier 2 access to "
                + r.resourceKind + " '" + r.resourceName + "' for " + r.purpose + " (" + duration + ", "
                + r.approvalsRequired + " approval(s) needed). Request " + r.id + "."));
        return details(r);
    }

    /** The caller's own requests, newest first. */
    public List<AccessRequest> mine(SecurityIdentity caller, RequestMeta meta, int limit) {
        String me = enforcerSubject(caller);
        return AccessRequest.<AccessRequest>find("requesterId = ?1 order by createdAt desc", me).page(0, limit).list();
    }

    /** One request: its requester sees it; otherwise the policy decides (access.review). */
    public Details get(SecurityIdentity caller, RequestMeta meta, UUID id) {
        AccessRequest r = AccessRequest.<AccessRequest>findByIdOptional(id).orElseThrow(AccessService::requestNotFound);
        if (!r.requesterId.equals(enforcerSubject(caller))) {
            enforcer.authorize(caller, new Access(Action.ACCESS_REVIEW, WORKFLOW, Content.none(), "", Set.of()), meta);
        }
        return details(r);
    }

    /** The reviewers' queue: requests waiting for a decision, oldest first. */
    public List<AccessRequest> pending(SecurityIdentity caller, RequestMeta meta, int limit) {
        enforcer.authorize(caller, new Access(Action.ACCESS_REVIEW, WORKFLOW, Content.none(), "", Set.of()), meta);
        return AccessRequest.<AccessRequest>find("state = ?1 and pendingUntil > ?2 order by createdAt",
                RequestState.PENDING, clock.instant()).page(0, limit).list();
    }

    /**
     * How many requests wait for a decision, for the admin console's navigation. Not a review of
     * them (no decision taken): only the number, shown inside the console to those let in.
     */
    public long pendingCount() {
        return AccessRequest.count("state = ?1 and pendingUntil > ?2", RequestState.PENDING, clock.instant());
    }

    /** Approves: a grant is made once the resource's number of distinct approvals is reached. */
    @Transactional(dontRollbackOn = RequestNotPendingException.class)
    public Details approve(SecurityIdentity caller, RequestMeta meta, UUID id, Duration shorter, String comment) {
        AccessRequest r = lockRequest(id);
        List<AccessApproval> approvals = approvalsOf(r.id);
        List<String> approvers = approvals.stream().map(a -> a.approverId).toList();
        Optional<Resource> resource = resourceOf(r.resourceKind, r.resourceName);
        AccessRules rules = catalog.accessRules(r.resourceKind, r.resourceName).orElse(null);
        if (resource.isEmpty() || rules == null) {
            throw new ProblemException(409, "resource_not_in_catalog", "Conflict",
                    "'" + r.resourceName + "' is no longer in the catalog: the request can only be denied.");
        }
        // The catalog's rules at decision time: a resource may have been reclassified or tightened since.
        int required = Math.max(r.approvalsRequired, rules.approvalsRequired());
        Subject subject = enforcer.authorize(caller, new Access(Action.ACCESS_DECIDE, resource.get(), Content.none(), r.purpose,
                Set.of(), new AccessRequestFacts(r.id.toString(), r.requesterId, approvers, required, Verdict.APPROVE)), meta).subject();
        Instant now = clock.instant();
        requirePending(r, now, Actor.of(subject, meta), resource.get().tier());
        Invariants.notOwnRequest(r, subject.id());
        Invariants.notApprovedBefore(approvers, subject.id());
        Duration requested = Duration.ofSeconds(r.requestedSeconds);
        if (shorter != null) {
            if (shorter.compareTo(requested) > 0) {
                throw invalid("duration", "duration_longer_than_requested",
                        "An approval may shorten the requested duration (" + requested + "), not extend it.");
            }
            checkDuration(shorter, rules.maxGrantDuration());
        }
        AccessApproval approval = new AccessApproval();
        approval.id = UUID.randomUUID();
        approval.requestId = r.id;
        approval.approverId = subject.id();
        approval.approvedAt = now;
        approval.seconds = shorter == null ? null : shorter.toSeconds();
        approval.comment = comment;
        approval.persist();
        List<AccessApproval> all = new java.util.ArrayList<>(approvals);
        all.add(approval);
        Actor actor = Actor.of(subject, meta);
        if (all.size() < required) {
            trail.record(AccessEvents.request(actor, now, "access.request.approval_recorded", r, resource.get().tier(), List.of(),
                    "approvals=" + all.size() + "/" + required));
            return new Details(r, all, Optional.empty());
        }
        // Effective duration: the shortest any approver accepted, within the resource's current maximum.
        Duration effective = all.stream().map(a -> a.seconds == null ? requested : Duration.ofSeconds(a.seconds))
                .reduce(requested, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        if (effective.compareTo(rules.maxGrantDuration()) > 0) {
            effective = rules.maxGrantDuration();
        }
        r.state = RequestState.APPROVED;
        r.decidedAt = now;
        r.decidedBy = String.join(",", all.stream().map(a -> a.approverId).toList());
        AccessGrant g = new AccessGrant();
        g.id = UUID.randomUUID();
        g.requestId = r.id;
        g.subjectId = r.requesterId;
        g.resourceKind = r.resourceKind;
        g.resourceName = r.resourceName;
        g.purpose = r.purpose;
        g.startsAt = now;
        g.expiresAt = now.plus(effective);
        g.persist();
        trail.record(
                AccessEvents.request(actor, now, "access.request.approved", r, resource.get().tier(), List.of(),
                        "approvals=" + all.size() + "/" + required + "; grant=" + g.id),
                AccessEvents.grant(actor, now, "grant.created", "active", g, resource.get().tier(), List.of()));
        notices.fire(notice("access.request.approved", r, subject.id(), "Request " + r.id + " by " + r.requesterId
                + " for " + r.resourceKind + " '" + r.resourceName + "' (" + r.purpose + ") approved by " + r.decidedBy
                + "; grant " + g.id + " until " + g.expiresAt + "."));
        return new Details(r, all, Optional.of(g));
    }

    /** Denies, with a reason the requester reads. */
    @Transactional(dontRollbackOn = RequestNotPendingException.class)
    public Details deny(SecurityIdentity caller, RequestMeta meta, UUID id, String reason) {
        AccessRequest r = lockRequest(id);
        List<AccessApproval> approvals = approvalsOf(r.id);
        Resource resource = resourceOf(r.resourceKind, r.resourceName)
                .orElse(new Resource(ResourceKind.valueOf(r.resourceKind.toUpperCase(java.util.Locale.ROOT)), r.resourceName, 2, "", Map.of()));
        Subject subject = enforcer.authorize(caller, new Access(Action.ACCESS_DECIDE, resource, Content.none(), r.purpose, Set.of(),
                new AccessRequestFacts(r.id.toString(), r.requesterId, approvals.stream().map(a -> a.approverId).toList(),
                        r.approvalsRequired, Verdict.DENY)), meta).subject();
        Instant now = clock.instant();
        requirePending(r, now, Actor.of(subject, meta), resource.tier());
        Invariants.notOwnRequest(r, subject.id());
        r.state = RequestState.DENIED;
        r.decidedAt = now;
        r.decidedBy = subject.id();
        r.decisionReason = reason;
        trail.record(AccessEvents.request(Actor.of(subject, meta), now, "access.request.denied", r, resource.tier(), List.of(), ""));
        notices.fire(notice("access.request.denied", r, subject.id(), "Request " + r.id + " by " + r.requesterId + " for "
                + r.resourceKind + " '" + r.resourceName + "' denied by " + subject.id() + "."));
        return new Details(r, approvals, Optional.empty());
    }

    /** The requester takes back a pending request. */
    @Transactional(dontRollbackOn = RequestNotPendingException.class)
    public Details withdraw(SecurityIdentity caller, RequestMeta meta, UUID id) {
        AccessRequest r = lockRequest(id);
        String me = enforcerSubject(caller);
        if (!r.requesterId.equals(me)) {
            throw requestNotFound(); // another's request: as if it did not exist
        }
        Instant now = clock.instant();
        Actor actor = new Actor(me, r.requesterType, meta.requestId(), meta.traceId());
        Integer tier = resourceOf(r.resourceKind, r.resourceName).map(Resource::tier).orElse(null);
        requirePending(r, now, actor, tier);
        r.state = RequestState.WITHDRAWN;
        r.decidedAt = now;
        r.decidedBy = me;
        trail.record(AccessEvents.request(actor, now, "access.request.withdrawn", r, tier, List.of(), ""));
        return details(r);
    }

    /** Grants, newest first, for reviewers; {@code activeOnly} leaves out revoked and expired ones. */
    public List<AccessGrant> grants(SecurityIdentity caller, RequestMeta meta, String subject, String resource, boolean activeOnly,
            int limit) {
        enforcer.authorize(caller, new Access(Action.ACCESS_REVIEW, WORKFLOW, Content.none(), "", Set.of()), meta);
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        if (subject != null) {
            query.append(" and subjectId = :subject");
            params.put("subject", subject);
        }
        if (resource != null) {
            query.append(" and resourceName = :resource");
            params.put("resource", resource);
        }
        if (activeOnly) {
            query.append(" and revokedAt is null and expiresAt > :now");
            params.put("now", clock.instant());
        }
        return AccessGrant.<AccessGrant>find(query + " order by startsAt desc", params).page(0, limit).list();
    }

    /** Ends a grant early; it stops counting at the next request. */
    @Transactional
    public AccessGrant revoke(SecurityIdentity caller, RequestMeta meta, UUID grantId, String reason) {
        AccessGrant g = AccessGrant.<AccessGrant>findByIdOptional(grantId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("grant_not_found", "There is no grant " + grantId + "."));
        Resource resource = resourceOf(g.resourceKind, g.resourceName)
                .orElse(new Resource(ResourceKind.valueOf(g.resourceKind.toUpperCase(java.util.Locale.ROOT)), g.resourceName, 2, "", Map.of()));
        Subject subject = enforcer.authorize(caller, new Access(Action.ACCESS_REVOKE, resource, Content.none(), g.purpose, Set.of()), meta)
                .subject();
        Instant now = clock.instant();
        if (g.revokedAt != null) {
            throw new ProblemException(409, "grant_already_revoked", "Conflict", "Grant " + g.id + " was revoked at " + g.revokedAt + ".");
        }
        if (!g.expiresAt.isAfter(now)) {
            throw new ProblemException(409, "grant_expired", "Conflict", "Grant " + g.id + " expired at " + g.expiresAt + ".");
        }
        g.revokedAt = now;
        g.revokedBy = subject.id();
        g.revokeReason = reason;
        trail.record(AccessEvents.grant(Actor.of(subject, meta), now, "grant.revoked", "revoked", g, resource.tier(), List.of()));
        notices.fire(new Notice("grant.revoked", g.id.toString(), g.resourceKind, g.resourceName, g.subjectId, subject.id(),
                "Grant " + g.id + " of " + g.subjectId + " for " + g.resourceKind + " '" + g.resourceName + "' (" + g.purpose
                        + ") revoked by " + subject.id() + "."));
        return g;
    }

    // --- helpers ---------------------------------------------------------------------------

    private String enforcerSubject(SecurityIdentity caller) {
        return subjects.subjectOf(caller).id();
    }

    private static AccessRequest lockRequest(UUID id) {
        return AccessRequest.<AccessRequest>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE).orElseThrow(AccessService::requestNotFound);
    }

    private static List<AccessApproval> approvalsOf(UUID requestId) {
        return AccessApproval.<AccessApproval>find("requestId = ?1 order by approvedAt", requestId).list();
    }

    private Details details(AccessRequest r) {
        return new Details(r, approvalsOf(r.id), AccessGrant.<AccessGrant>find("requestId", r.id).firstResultOptional());
    }

    /**
     * 409 unless the request still waits for a decision. A request past its TTL is expired here and
     * now (the sweep may not have run yet), and that transition is kept although the call fails.
     */
    private void requirePending(AccessRequest r, Instant now, Actor actor, Integer tier) {
        if (r.state == RequestState.PENDING && !r.pendingUntil.isAfter(now)) {
            expire(r, now, actor, tier);
        }
        if (r.state != RequestState.PENDING) {
            throw new RequestNotPendingException(r);
        }
    }

    /** Marks an unattended request expired, with its event (caller holds the row lock, in a transaction). */
    void expire(AccessRequest r, Instant now, Actor actor, Integer tier) {
        r.state = RequestState.EXPIRED;
        r.decidedAt = now;
        r.decidedBy = actor.id();
        r.decisionReason = "no decision within " + config.pendingTtl();
        trail.record(AccessEvents.request(actor, now, "access.request.expired", r, tier, List.of("pending_ttl_elapsed"), ""));
    }

    Optional<Resource> resourceOf(String kind, String name) {
        return catalog.entry(kind, name).map(e -> e.kind().equals("dataset")
                ? new Resource(ResourceKind.DATASET, e.name(), e.tier().level(), e.owner(),
                        catalog.dataset(e.name()).map(Catalog::policyAttributes).orElse(Map.of()))
                : new Resource(ResourceKind.LLM_ROUTE, e.name(), e.tier().level(), e.owner(), Map.of("external", e.external())));
    }

    private void checkDuration(Duration duration, Duration max) {
        if (duration.compareTo(config.minGrantDuration()) < 0 || duration.compareTo(max) > 0) {
            throw invalid("duration", "duration_out_of_bounds",
                    "The duration must be between " + config.minGrantDuration() + " and " + max + " for this resource.");
        }
    }

    private static ProblemException invalid(String field, String code, String message) {
        return new ProblemException(400, code, "Bad request", message,
                Map.of("violations", List.of(Map.of("field", field, "message", message))));
    }

    static ProblemException requestNotFound() {
        return ProblemException.notFound("request_not_found", "There is no such access request of yours.");
    }

    private static Notice notice(String event, AccessRequest r, String actor, String text) {
        return new Notice(event, r.id.toString(), r.resourceKind, r.resourceName, r.requesterId, actor, text);
    }

    /** The request has left PENDING (decided, withdrawn or expired): the later of two reviewers gets this. */
    public static class RequestNotPendingException extends ProblemException {
        RequestNotPendingException(AccessRequest r) {
            super(409, "request_not_pending", "Conflict", "Request " + r.id + " is " + r.state.name().toLowerCase(java.util.Locale.ROOT)
                    + " and can no longer be decided or withdrawn.", Map.of("state", r.state.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }
}
