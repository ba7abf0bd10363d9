package io.tiergate.admin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.access.AccessApproval;
import io.tiergate.access.AccessConfig;
import io.tiergate.access.AccessRequest;
import io.tiergate.access.AccessService;
import io.tiergate.audit.AuditQueries;
import io.tiergate.audit.AuditRecord;
import io.tiergate.catalog.Catalog;
import io.tiergate.http.ProblemException;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The review queue and a request's page, where approvers approve (optionally for less time) or
 * deny (with a reason). The controls are not shown to auditors or on one's own request, and the
 * workflow refuses such a decision anyway.
 */
@Path(AdminPaths.ROOT)
@RolesAllowed({"privacy-approver", "auditor"})
@Produces(MediaType.TEXT_HTML)
@Blocking
public class RequestPages {

    /** Shorter grants an approver may pick instead of the requested duration. */
    static final List<Duration> SHORTER = List.of(Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(1),
            Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30));

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(AdminPage page, List<QueueRow> rows, QueueFilter filter, List<String> purposes);

        static native TemplateInstance request(AdminPage page, RequestView request, boolean canDecide, List<DurationChoice> shorter,
                List<GrantView> requesterGrants, List<HistoryRow> history, String error);
    }

    /** One line of the queue. */
    public record QueueRow(String id, String age, String created, String resourceKind, String resourceName, Integer tier,
            String requester, String purpose, String requested, String approvals) {
    }

    /** The queue's filters; blank means any. */
    public record QueueFilter(String resource, String requester, String purpose) {
        boolean matches(AccessRequest r) {
            return (resource == null || r.resourceName.equals(resource)) && (requester == null || r.requesterId.equals(requester))
                    && (purpose == null || r.purpose.equals(purpose));
        }
    }

    /** An option of the shorter-duration list. */
    public record DurationChoice(String value, String label) {
    }

    /** One step of a request's history, from the audit log. */
    public record HistoryRow(String at, String actor, String action, String outcome, String details) {
    }

    private final Console console;
    private final AccessService access;
    private final Catalog catalog;
    private final AuditQueries audit;
    private final AccessConfig config;

    public RequestPages(Console console, AccessService access, Catalog catalog, AuditQueries audit, AccessConfig config) {
        this.console = console;
        this.access = access;
        this.catalog = catalog;
        this.audit = audit;
        this.config = config;
    }

    @GET
    @Path("queue")
    public TemplateInstance queue(@RestQuery String resource, @RestQuery String requester, @RestQuery String purpose) {
        QueueFilter filter = new QueueFilter(blankToNull(resource), blankToNull(requester), blankToNull(purpose));
        Instant now = console.now();
        List<AccessRequest> pending = access.pending(console.identity(), console.meta(), 500).stream()
                .filter(filter::matches).toList();
        Map<UUID, Long> approvals = approvalCounts(pending);
        List<QueueRow> rows = pending.stream()
                .map(r -> new QueueRow(r.id.toString(), Console.age(r.createdAt, now), Console.time(r.createdAt), r.resourceKind,
                        r.resourceName, tierOf(r), r.requesterId, r.purpose, Console.human(Duration.ofSeconds(r.requestedSeconds)),
                        approvals.getOrDefault(r.id, 0L) + " of " + r.approvalsRequired))
                .toList();
        return Templates.queue(console.page("queue", null), rows, filter, config.purposes());
    }

    @GET
    @Path("request")
    public Response request(@RestQuery String id, @RestQuery String done) {
        return Response.ok(render(parse(id), notice(done), null)).build();
    }

    @POST
    @Path("requests/{id}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(@RestPath String id, @RestForm String duration, @RestForm String comment,
            @RestForm(CsrfCheck.FIELD) String csrf, RoutingContext rc) {
        CsrfCheck.require(csrf, rc);
        UUID requestId = parse(id);
        Duration shorter = duration == null || duration.isBlank() ? null : parseDuration(duration);
        try {
            var details = access.approve(console.identity(), console.meta(), requestId, shorter,
                    comment == null || comment.isBlank() ? null : comment.trim());
            return done(requestId, details.grant().isPresent() ? "approved" : "approval-recorded");
        } catch (ProblemException e) {
            return failed(requestId, e);
        }
    }

    @POST
    @Path("requests/{id}/deny")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deny(@RestPath String id, @RestForm String reason, @RestForm(CsrfCheck.FIELD) String csrf,
            RoutingContext rc) {
        CsrfCheck.require(csrf, rc);
        UUID requestId = parse(id);
        if (reason == null || reason.isBlank()) {
            return failed(requestId, new ProblemException(400, "reason_required", "Bad request",
                    "Say why the request is denied: the requester reads the reason."));
        }
        try {
            access.deny(console.identity(), console.meta(), requestId, reason.trim());
            return done(requestId, "denied");
        } catch (ProblemException e) {
            return failed(requestId, e);
        }
    }

    /** After a decision: back to the request's page, which says what happened (post, redirect, get). */
    private static Response done(UUID id, String what) {
        return Response.seeOther(URI.create(AdminPaths.ROOT + "/request?id=" + id + "&done=" + what)).build();
    }

    /** A refused decision: the request's page again, with the reason at the top and the HTTP status of the refusal. */
    private Response failed(UUID id, ProblemException e) {
        if (e.status() == 404 || e.status() == 403) {
            throw e;
        }
        return Response.status(e.status()).entity(render(id, null, e.detail())).type(MediaType.TEXT_HTML_TYPE).build();
    }

    private TemplateInstance render(UUID id, String notice, String error) {
        Instant now = console.now();
        var details = access.get(console.identity(), console.meta(), id);
        RequestView view = RequestView.of(details.request(), details.approvals(), details.grant().orElse(null), catalog, now);
        Viewer viewer = console.viewer();
        boolean canDecide = viewer.canDecide() && view.pending() && !view.requester().equals(viewer.name())
                && !view.approvedBy(viewer.name());
        List<DurationChoice> shorter = SHORTER.stream().filter(d -> d.compareTo(view.requestedDuration()) < 0)
                .map(d -> new DurationChoice(d.toString(), Console.human(d))).toList();
        List<GrantView> grants = access.grants(console.identity(), console.meta(), view.requester(), null, false, 20).stream()
                .map(g -> GrantView.of(g, now)).toList();
        List<AuditRecord> events = new java.util.ArrayList<>(audit.about(id.toString(), 100));
        details.grant().ifPresent(g -> events.addAll(audit.about(g.id.toString(), 100)));
        events.sort(java.util.Comparator.comparingLong(AuditRecord::seq));
        List<HistoryRow> history = events.stream().map(RequestPages::historyRow).toList();
        return Templates.request(console.page("queue", notice), view, canDecide, shorter, grants, history, error);
    }

    private static HistoryRow historyRow(AuditRecord r) {
        var e = r.event();
        return new HistoryRow(Console.time(e.occurredAt()), e.subjectId(), e.action(), e.outcome(), e.details());
    }

    private static String notice(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "approved" -> "Approved. The grant is active now; it ends on its own at its expiry, or when revoked.";
            case "approval-recorded" -> "Your approval is recorded. This resource needs more approvals from other approvers.";
            case "denied" -> "Denied. The requester sees your reason.";
            default -> null;
        };
    }

    private Integer tierOf(AccessRequest r) {
        return catalog.entry(r.resourceKind, r.resourceName).map(e -> e.tier().level()).orElse(null);
    }

    /** Approvals so far per request, in one query. */
    private static Map<UUID, Long> approvalCounts(List<AccessRequest> requests) {
        if (requests.isEmpty()) {
            return Map.of();
        }
        return AccessApproval.<AccessApproval>find("requestId in ?1", requests.stream().map(r -> r.id).toList()).stream()
                .collect(Collectors.groupingBy(a -> a.requestId, Collectors.counting()));
    }

    static UUID parse(String id) {
        if (id == null) {
            throw ProblemException.notFound("request_not_found", "There is no such access request.");
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("request_not_found", "There is no such access request.");
        }
    }

    private static Duration parseDuration(String value) {
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("invalid_duration", "The duration must be one of the offered choices.");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
