package io.tiergate.admin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.access.AccessConfig;
import io.tiergate.access.AccessService;
import io.tiergate.access.AccessViews.GrantFilter;
import io.tiergate.access.AccessViews.GrantView;
import io.tiergate.access.AccessViews.Page;
import io.tiergate.access.AccessViews.QueueFilter;
import io.tiergate.access.AccessViews.RequestView;
import io.tiergate.audit.AuditQueries;
import io.tiergate.audit.AuditRecord;
import io.tiergate.catalog.Catalog;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.http.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The review queue and a request's page, where approvers approve (optionally for less time) or
 * deny (with a reason). What the pages show, and whether the viewer can decide, is the access
 * service's answer; the workflow refuses a decision the controls would not have offered anyway.
 */
@Path(AdminPaths.ROOT)
@RolesAllowed({"privacy-approver", "auditor"})
@Produces(MediaType.TEXT_HTML)
@Blocking
public class RequestPages {

    /** Requests per page of the queue. */
    static final int PAGE = 50;

    /** Shorter grants an approver may pick instead of the requested duration. */
    static final List<Duration> SHORTER = List.of(Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(1),
            Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30));

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(AdminPage page, List<RequestView> rows, QueueFilter filter, List<String> purposes,
                String nextPage);

        static native TemplateInstance request(AdminPage page, RequestView request, Catalog.Entry entry, List<DurationChoice> shorter,
                List<GrantView> requesterGrants, List<AuditRecord> history, String error);
    }

    /** An option of the shorter-duration list. */
    public record DurationChoice(String value, String label) {
    }

    @Inject Console console;
    @Inject AccessService access;
    @Inject Catalog catalog;
    @Inject AuditQueries audit;
    @Inject AccessConfig config;

    @GET
    @Path("queue")
    public TemplateInstance queue(@RestQuery String resource, @RestQuery String requester, @RestQuery String purpose,
            @RestQuery Integer page) {
        QueueFilter filter = QueueFilter.of(resource, requester, purpose);
        int number = AdminPaths.pageNumber(page, PAGE);
        Page<RequestView> rows = access.pending(console.identity(), console.meta(), filter, number * PAGE, PAGE);
        return Templates.queue(console.page("queue", null), rows.items(), filter, config.purposes(),
                rows.more() ? AdminPaths.link("/queue", queueParams(filter), number + 1) : null);
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
            @RestForm(CsrfCheck.FIELD) String csrf) {
        console.requireCsrf(csrf);
        UUID requestId = parse(id);
        Duration shorter = duration == null || duration.isBlank() ? null : parseDuration(duration);
        try {
            RequestView decided = access.approve(console.identity(), console.meta(), requestId, shorter,
                    comment == null || comment.isBlank() ? null : comment.trim());
            return done(requestId, decided.grant() != null ? "approved" : "approval-recorded");
        } catch (ProblemException e) {
            return failed(requestId, e);
        }
    }

    @POST
    @Path("requests/{id}/deny")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deny(@RestPath String id, @RestForm String reason, @RestForm(CsrfCheck.FIELD) String csrf) {
        console.requireCsrf(csrf);
        UUID requestId = parse(id);
        if (reason == null || reason.isBlank()) {
            return failed(requestId, new BadRequestProblem("reason_required",
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
        RequestView view = access.get(console.identity(), console.meta(), id);
        Catalog.Entry entry = catalog.entry(view.resource().kind(), view.resource().name()).orElse(null);
        List<DurationChoice> shorter = SHORTER.stream().filter(d -> d.compareTo(view.requestedDuration()) < 0)
                .map(d -> new DurationChoice(d.toString(), Formats.human(d))).toList();
        List<GrantView> grants = access.grants(console.identity(), console.meta(), new GrantFilter(view.requesterId(), null, false), 0, 20)
                .items();
        List<AuditRecord> history = new ArrayList<>(audit.about(view.id(), 100));
        if (view.grant() != null) {
            history.addAll(audit.about(view.grant().id(), 100));
        }
        history.sort(Comparator.comparingLong(AuditRecord::seq));
        return Templates.request(console.page("queue", notice), view, entry, shorter, grants, history, error);
    }

    /** The queue's filters as query parameters, for its links to other pages. */
    private static Map<String, String> queueParams(QueueFilter filter) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("resource", filter.resource());
        params.put("requester", filter.requester());
        params.put("purpose", filter.purpose());
        return params;
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

    static UUID parse(String id) {
        return AdminPaths.id(id, () -> new NotFoundProblem("request_not_found", "There is no such access request."));
    }

    private static Duration parseDuration(String value) {
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new BadRequestProblem("invalid_duration", "The duration must be one of the offered choices.");
        }
    }
}
