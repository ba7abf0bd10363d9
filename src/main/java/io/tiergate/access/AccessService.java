package io.tiergate.access;

import io.quarkus.panache.common.Parameters;
import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.access.AccessEvents.Actor;
import io.tiergate.access.AccessViews.ApprovalView;
import io.tiergate.access.AccessViews.GrantFilter;
import io.tiergate.access.AccessViews.GrantView;
import io.tiergate.access.AccessViews.Page;
import io.tiergate.access.AccessViews.QueueFilter;
import io.tiergate.access.AccessViews.RequestView;
import io.tiergate.access.AccessViews.ResourceName;
import io.tiergate.audit.AuditTrail;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.Catalog.AccessRules;
import io.tiergate.gate.Enforcer;
import io.tiergate.gate.Enforcer.Access;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.ConflictProblem;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.http.RequestMeta;
import io.tiergate.identity.SubjectKey;
import io.tiergate.identity.SubjectResolver;
import io.tiergate.notify.Notice;
import io.tiergate.policy.AuditActions;
import io.tiergate.policy.PolicyInput.AccessRequestFacts;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Tier 2 access workflow: requests, decisions, grants, revocations. Who may do what is the
 * policy's decision (actions {@code access.request}, {@code access.decide}, {@code access.revoke},
 * {@code access.review}); the invariants are checked again here. Every transition and its audit
 * event commit in one transaction; decisions on one request are serialised by its row lock, so
 * two reviewers acting at once give one outcome and the later one a 409. Subjects are matched on
 * their key (issuer#sub, {@link SubjectKey}), never on a username. Answers are
 * {@link AccessViews} records, the same for the API and the console.
 */
@ApplicationScoped
public class AccessService {

    /** The role whose holders decide requests and revoke grants (the policy says so; the views say whether one can). */
    public static final String APPROVER_ROLE = "privacy-approver";
    /** Who the gateway names as the decider of what it does on its own (expiry). */
    static final String GATEWAY = "tiergate";

    static final Resource WORKFLOW = new Resource(ResourceKind.ACCESS_WORKFLOW, "access-workflow", 2, "privacy-team", Map.of());

    @Inject Catalog catalog;
    @Inject Enforcer enforcer;
    @Inject AuditTrail trail;
    @Inject AccessConfig config;
    @Inject Clock clock;
    @Inject Event<Notice> notices;
    @Inject SubjectResolver subjects;

    /** Asks for Tier 2 access. The resource's tier and limits are the catalog's, now. */
    @Transactional
    public RequestView create(SecurityIdentity caller, RequestMeta meta, ResourceKind kind, String name, String purpose,
            String justification, Duration duration) {
        Resource resource = resourceOf(kind.json(), name)
                .orElseThrow(() -> new NotFoundProblem("unknown_resource", "There is no " + kind.json() + " '" + name + "'."));
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
        r.requesterName = subjects.nameOf(caller);
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
        trail.appendInCallerTransaction(AccessEvents.request(Actor.of(subject, subjects.nameOf(caller), meta), now, AuditActions.ACCESS_REQUEST_CREATED, r, resource.tier(), List.of(),
                "requested=" + duration + "; approvals_required=" + r.approvalsRequired));
        notices.fire(notice(AuditActions.ACCESS_REQUEST_CREATED, r, subject.id(), r.requesterName + " asks for Tier 2 access to "
                + r.resourceKind + " '" + r.resourceName + "' for " + r.purpose + " (" + duration + ", "
                + r.approvalsRequired + " approval(s) needed). Request " + r.id + "."));
        return view(r, List.of(), Optional.empty(), subject, now);
    }

    /** The caller's own requests, newest first. */
    public List<RequestView> mine(SecurityIdentity caller, RequestMeta meta, int limit) {
        Subject me = subjects.subjectOf(caller);
        return views(AccessRequest.<AccessRequest>find("requesterId = ?1 order by createdAt desc", me.id()).page(0, limit).list(), me);
    }

    /** One request: its requester sees it; otherwise the policy decides (access.review). */
    public RequestView get(SecurityIdentity caller, RequestMeta meta, UUID id) {
        AccessRequest r = AccessRequest.<AccessRequest>findByIdOptional(id).orElseThrow(AccessService::requestNotFound);
        Subject me = subjects.subjectOf(caller);
        if (!r.requesterId.equals(me.id())) {
            me = review(caller, meta);
        }
        return view(r, approvalsOf(r.id), grantOf(r.id), me, clock.instant());
    }

    /**
     * The reviewers' queue: requests waiting for a decision, oldest first, filtered and paged in the
     * query ({@code offset} rows skipped, at most {@code limit} returned).
     */
    public Page<RequestView> pending(SecurityIdentity caller, RequestMeta meta, QueueFilter filter, int offset, int limit) {
        Subject me = review(caller, meta);
        Where where = Where.always("state = :pending and pendingUntil > :now",
                        Parameters.with("pending", RequestState.PENDING).and("now", clock.instant()))
                .and("resourceName = :resource", "resource", filter.resource())
                .and("(requesterId = :requester or requesterName = :requester)", "requester", filter.requester())
                .and("purpose = :purpose", "purpose", filter.purpose());
        List<AccessRequest> rows = AccessRequest.<AccessRequest>find(where.orderBy("createdAt, id"), where.params())
                .range(offset, offset + limit).list();
        return page(rows, limit, page -> views(page, me));
    }

    /** A page of at most {@code limit} from rows read with one row beyond it (range is inclusive), which says whether more follow. */
    private static <E, V> Page<V> page(List<E> rows, int limit, Function<List<E>, List<V>> views) {
        boolean more = rows.size() > limit;
        return new Page<>(views.apply(more ? rows.subList(0, limit) : rows), more);
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
    public RequestView approve(SecurityIdentity caller, RequestMeta meta, UUID id, Duration shorter, String comment) {
        AccessRequest r = lockRequest(id);
        List<AccessApproval> approvals = approvalsOf(r.id);
        List<String> approvers = approvals.stream().map(a -> a.approverId).toList();
        Optional<Resource> resource = resourceOf(r.resourceKind, r.resourceName);
        AccessRules rules = catalog.accessRules(r.resourceKind, r.resourceName).orElse(null);
        if (resource.isEmpty() || rules == null) {
            throw new ConflictProblem("resource_not_in_catalog",
                    "'" + r.resourceName + "' is no longer in the catalog: the request can only be denied.");
        }
        // The catalog's rules at decision time: a resource may have been reclassified or tightened since.
        int required = Math.max(r.approvalsRequired, rules.approvalsRequired());
        Subject subject = enforcer.authorize(caller, new Access(Action.ACCESS_DECIDE, resource.get(), Content.none(), r.purpose,
                Set.of(), new AccessRequestFacts(r.id.toString(), r.requesterId, approvers, required, Verdict.APPROVE)), meta).subject();
        Instant now = clock.instant();
        requirePending(r, now, Actor.of(subject, subjects.nameOf(caller), meta), resource.get().tier());
        Invariants.keyed(r, approvers);
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
        approval.approverName = subjects.nameOf(caller);
        approval.approvedAt = now;
        approval.seconds = shorter == null ? null : shorter.toSeconds();
        approval.comment = comment;
        approval.persist();
        List<AccessApproval> all = new ArrayList<>(approvals);
        all.add(approval);
        Actor actor = Actor.of(subject, subjects.nameOf(caller), meta);
        if (all.size() < required) {
            trail.appendInCallerTransaction(AccessEvents.request(actor, now, AuditActions.ACCESS_REQUEST_APPROVAL_RECORDED, r, resource.get().tier(), List.of(),
                    "approvals=" + all.size() + "/" + required));
            return view(r, all, Optional.empty(), subject, now);
        }
        // Effective duration: the shortest any approver accepted, within the resource's current maximum.
        Duration effective = all.stream().map(a -> a.seconds == null ? requested : Duration.ofSeconds(a.seconds))
                .reduce(requested, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        if (effective.compareTo(rules.maxGrantDuration()) > 0) {
            effective = rules.maxGrantDuration();
        }
        r.state = RequestState.APPROVED;
        r.decidedAt = now;
        r.decidedBy = String.join(",", all.stream().map(a -> a.approverName).toList());
        AccessGrant g = new AccessGrant();
        g.id = UUID.randomUUID();
        g.requestId = r.id;
        g.subjectId = r.requesterId;
        g.subjectName = r.requesterName;
        g.resourceKind = r.resourceKind;
        g.resourceName = r.resourceName;
        g.purpose = r.purpose;
        g.startsAt = now;
        g.expiresAt = now.plus(effective);
        g.persist();
        trail.appendInCallerTransaction(
                AccessEvents.request(actor, now, AuditActions.ACCESS_REQUEST_APPROVED, r, resource.get().tier(), List.of(),
                        "approvals=" + all.size() + "/" + required + "; grant=" + g.id),
                AccessEvents.grant(actor, now, AuditActions.GRANT_CREATED, "active", g, resource.get().tier(), List.of()));
        notices.fire(notice(AuditActions.ACCESS_REQUEST_APPROVED, r, subject.id(), "Request " + r.id + " by " + r.requesterName
                + " for " + r.resourceKind + " '" + r.resourceName + "' (" + r.purpose + ") approved by " + r.decidedBy
                + "; grant " + g.id + " until " + g.expiresAt + "."));
        return view(r, all, Optional.of(g), subject, now);
    }

    /** Denies, with a reason the requester reads. */
    @Transactional(dontRollbackOn = RequestNotPendingException.class)
    public RequestView deny(SecurityIdentity caller, RequestMeta meta, UUID id, String reason) {
        AccessRequest r = lockRequest(id);
        List<AccessApproval> approvals = approvalsOf(r.id);
        Resource resource = resourceOrPlaceholder(r.resourceKind, r.resourceName);
        Subject subject = enforcer.authorize(caller, new Access(Action.ACCESS_DECIDE, resource, Content.none(), r.purpose, Set.of(),
                new AccessRequestFacts(r.id.toString(), r.requesterId, approvals.stream().map(a -> a.approverId).toList(),
                        r.approvalsRequired, Verdict.DENY)), meta).subject();
        Instant now = clock.instant();
        requirePending(r, now, Actor.of(subject, subjects.nameOf(caller), meta), resource.tier());
        Invariants.keyed(r, List.of());
        Invariants.notOwnRequest(r, subject.id());
        String decider = subjects.nameOf(caller);
        r.state = RequestState.DENIED;
        r.decidedAt = now;
        r.decidedBy = decider;
        r.decisionReason = reason;
        trail.appendInCallerTransaction(AccessEvents.request(Actor.of(subject, subjects.nameOf(caller), meta), now, AuditActions.ACCESS_REQUEST_DENIED, r, resource.tier(), List.of(), ""));
        notices.fire(notice(AuditActions.ACCESS_REQUEST_DENIED, r, subject.id(), "Request " + r.id + " by " + r.requesterName + " for "
                + r.resourceKind + " '" + r.resourceName + "' denied by " + decider + "."));
        return view(r, approvals, Optional.empty(), subject, now);
    }

    /** The requester takes back a pending request. */
    @Transactional(dontRollbackOn = RequestNotPendingException.class)
    public RequestView withdraw(SecurityIdentity caller, RequestMeta meta, UUID id) {
        AccessRequest r = lockRequest(id);
        Subject me = subjects.subjectOf(caller);
        if (!r.requesterId.equals(me.id())) {
            throw requestNotFound(); // another's request: as if it did not exist
        }
        Instant now = clock.instant();
        Actor actor = new Actor(me.id(), subjects.nameOf(caller), r.requesterType, meta);
        Integer tier = resourceOf(r.resourceKind, r.resourceName).map(Resource::tier).orElse(null);
        requirePending(r, now, actor, tier);
        r.state = RequestState.WITHDRAWN;
        r.decidedAt = now;
        r.decidedBy = subjects.nameOf(caller);
        trail.appendInCallerTransaction(AccessEvents.request(actor, now, AuditActions.ACCESS_REQUEST_WITHDRAWN, r, tier, List.of(), ""));
        return view(r, approvalsOf(r.id), grantOf(r.id), me, now);
    }

    /**
     * Grants, newest first, for reviewers, filtered and paged in the query ({@code offset} rows
     * skipped, at most {@code limit} returned); see {@link GrantFilter}.
     */
    public Page<GrantView> grants(SecurityIdentity caller, RequestMeta meta, GrantFilter filter, int offset, int limit) {
        review(caller, meta);
        Instant now = clock.instant();
        Where where = Where.any()
                .and("(subjectId = :subject or subjectName = :subject)", "subject", filter.subject())
                .and("resourceName = :resource", "resource", filter.resource())
                .and("revokedAt is null and expiresAt > :now", "now", filter.activeOnly() ? now : null);
        List<AccessGrant> rows = AccessGrant.<AccessGrant>find(where.orderBy("startsAt desc, id"), where.params())
                .range(offset, offset + limit).list();
        return page(rows, limit, page -> page.stream().map(g -> view(g, now)).toList());
    }

    /** Ends a grant early; it stops counting at the next request. */
    @Transactional
    public GrantView revoke(SecurityIdentity caller, RequestMeta meta, UUID grantId, String reason) {
        AccessGrant g = AccessGrant.<AccessGrant>findByIdOptional(grantId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem("grant_not_found", "There is no grant " + grantId + "."));
        Resource resource = resourceOrPlaceholder(g.resourceKind, g.resourceName);
        Subject subject = enforcer.authorize(caller, new Access(Action.ACCESS_REVOKE, resource, Content.none(), g.purpose, Set.of()), meta)
                .subject();
        Instant now = clock.instant();
        if (g.revokedAt != null) {
            throw new ConflictProblem("grant_already_revoked", "Grant " + g.id + " was revoked at " + g.revokedAt + ".");
        }
        if (!g.expiresAt.isAfter(now)) {
            throw new ConflictProblem("grant_expired", "Grant " + g.id + " expired at " + g.expiresAt + ".");
        }
        String revoker = subjects.nameOf(caller);
        g.revokedAt = now;
        g.revokedBy = revoker;
        g.revokeReason = reason;
        trail.appendInCallerTransaction(AccessEvents.grant(Actor.of(subject, subjects.nameOf(caller), meta), now, AuditActions.GRANT_REVOKED, "revoked", g, resource.tier(), List.of()));
        notices.fire(new Notice(AuditActions.GRANT_REVOKED, g.id.toString(), g.resourceKind, g.resourceName, g.subjectId, subject.id(),
                "Grant " + g.id + " of " + g.subjectName + " for " + g.resourceKind + " '" + g.resourceName + "' (" + g.purpose
                        + ") revoked by " + revoker + "."));
        return view(g, now);
    }

    // --- views -----------------------------------------------------------------------------

    /** Requests with their approvals (one query for all) and grants, as {@code viewer} sees them. */
    private List<RequestView> views(List<AccessRequest> requests, Subject viewer) {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = requests.stream().map(r -> r.id).toList();
        Map<UUID, List<AccessApproval>> approvals = AccessApproval.<AccessApproval>find("requestId in ?1 order by approvedAt", ids)
                .stream().collect(Collectors.groupingBy(a -> a.requestId));
        Map<UUID, AccessGrant> grants = AccessGrant.<AccessGrant>find("requestId in ?1", ids).stream()
                .collect(Collectors.toMap(g -> g.requestId, g -> g));
        Instant now = clock.instant();
        return requests.stream().map(r -> view(r, approvals.getOrDefault(r.id, List.of()), Optional.ofNullable(grants.get(r.id)),
                viewer, now)).toList();
    }

    private RequestView view(AccessRequest r, List<AccessApproval> approvals, Optional<AccessGrant> grant, Subject viewer,
            Instant now) {
        boolean pending = r.state == RequestState.PENDING && r.pendingUntil.isAfter(now);
        String state = r.state == RequestState.PENDING && !pending ? "expired" : r.state.name().toLowerCase(Locale.ROOT);
        boolean own = r.requesterId.equals(viewer.id());
        boolean approvedByMe = approvals.stream().anyMatch(a -> a.approverId.equals(viewer.id()));
        boolean canDecide = pending && !own && !approvedByMe && viewer.roles().contains(APPROVER_ROLE)
                && SubjectKey.isKey(r.requesterId) && approvals.stream().allMatch(a -> SubjectKey.isKey(a.approverId));
        return new RequestView(r.id.toString(), r.requesterName, r.requesterId, new ResourceName(r.resourceKind, r.resourceName),
                resourceOf(r.resourceKind, r.resourceName).map(Resource::tier).orElse(null), r.purpose, r.justification,
                Duration.ofSeconds(r.requestedSeconds).toString(), state, r.approvalsRequired,
                approvals.stream().map(AccessService::view).toList(), r.createdAt, r.pendingUntil, r.decidedAt, r.decidedBy,
                r.decisionReason, grant.map(g -> view(g, now)).orElse(null), canDecide, own, approvedByMe);
    }

    private static ApprovalView view(AccessApproval a) {
        return new ApprovalView(a.approverName, a.approverId, a.approvedAt,
                a.seconds == null ? null : Duration.ofSeconds(a.seconds).toString(), a.comment);
    }

    private static GrantView view(AccessGrant g, Instant now) {
        String state = g.revokedAt != null ? "revoked" : g.activeAt(now) ? "active" : "expired";
        return new GrantView(g.id.toString(), g.requestId.toString(), g.subjectName, g.subjectId,
                new ResourceName(g.resourceKind, g.resourceName), g.purpose, g.startsAt, g.expiresAt, state, g.revokedAt, g.revokedBy,
                g.revokeReason);
    }

    // --- helpers ---------------------------------------------------------------------------

    /** The caller may review the workflow (access.review): the queue, others' requests, grants. */
    private Subject review(SecurityIdentity caller, RequestMeta meta) {
        return enforcer.authorize(caller, new Access(Action.ACCESS_REVIEW, WORKFLOW, Content.none(), "", Set.of()), meta).subject();
    }

    private static AccessRequest lockRequest(UUID id) {
        return AccessRequest.<AccessRequest>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE).orElseThrow(AccessService::requestNotFound);
    }

    private static List<AccessApproval> approvalsOf(UUID requestId) {
        return AccessApproval.<AccessApproval>find("requestId = ?1 order by approvedAt", requestId).list();
    }

    private static Optional<AccessGrant> grantOf(UUID requestId) {
        return AccessGrant.<AccessGrant>find("requestId", requestId).firstResultOptional();
    }

    /**
     * 409 unless the request still waits for a decision. A request past its TTL is expired here and
     * now (the sweep may not have run yet), and that transition is kept although the call fails.
     */
    private void requirePending(AccessRequest r, Instant now, Actor actor, Integer tier) {
        if (r.state == RequestState.PENDING && !r.pendingUntil.isAfter(now)) {
            expireUnattended(r, now, actor, tier);
        }
        if (r.state != RequestState.PENDING) {
            throw new RequestNotPendingException(r);
        }
    }

    /** Marks a pending request expired, with its event (caller holds the row lock, in a transaction). */
    void expire(AccessRequest r, Instant now, Actor actor, Integer tier, String why, String reason) {
        r.state = RequestState.EXPIRED;
        r.decidedAt = now;
        r.decidedBy = GATEWAY;
        r.decisionReason = why;
        trail.appendInCallerTransaction(AccessEvents.request(actor, now, AuditActions.ACCESS_REQUEST_EXPIRED, r, tier, List.of(reason), ""));
    }

    /** Marks an unattended request expired (the sweep). */
    void expireUnattended(AccessRequest r, Instant now, Actor actor, Integer tier) {
        expire(r, now, actor, tier, "no decision within " + config.pendingTtl(), "pending_ttl_elapsed");
    }

    Optional<Resource> resourceOf(String kind, String name) {
        return catalog.entry(kind, name).map(Catalog.Entry::policyResource);
    }

    /** The catalog's resource, or a Tier 2 stand-in when it left the catalog (such a request may still be denied). */
    private Resource resourceOrPlaceholder(String kind, String name) {
        return resourceOf(kind, name).orElse(new Resource(ResourceKind.valueOf(kind.toUpperCase(Locale.ROOT)), name, 2, "", Map.of()));
    }

    private void checkDuration(Duration duration, Duration max) {
        if (duration.compareTo(config.minGrantDuration()) < 0 || duration.compareTo(max) > 0) {
            throw invalid("duration", "duration_out_of_bounds",
                    "The duration must be between " + config.minGrantDuration() + " and " + max + " for this resource.");
        }
    }

    private static BadRequestProblem invalid(String field, String code, String message) {
        return BadRequestProblem.invalidField(code, message, field, message);
    }

    static NotFoundProblem requestNotFound() {
        return new NotFoundProblem("request_not_found", "There is no such access request of yours.");
    }

    private static Notice notice(String event, AccessRequest r, String actor, String text) {
        return new Notice(event, r.id.toString(), r.resourceKind, r.resourceName, r.requesterId, actor, text);
    }

    /** The request has left PENDING (decided, withdrawn or expired): the later of two reviewers gets this. */
    public static class RequestNotPendingException extends ConflictProblem {
        RequestNotPendingException(AccessRequest r) {
            super("request_not_pending", "Request " + r.id + " is " + r.state.name().toLowerCase(Locale.ROOT)
                    + " and can no longer be decided or withdrawn.", Map.of("state", r.state.name().toLowerCase(Locale.ROOT)));
        }
    }
}
