package io.tiergate.admin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.access.AccessService;
import io.tiergate.access.AccessViews.GrantFilter;
import io.tiergate.access.AccessViews.GrantView;
import io.tiergate.access.AccessViews.Page;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Grants, active or all, filtered by subject and resource and paged by the access service; approvers revoke with a reason. */
@Path(AdminPaths.ROOT + "/grants")
@RolesAllowed({"privacy-approver", "auditor"})
@Produces(MediaType.TEXT_HTML)
@Blocking
public class GrantPages {

    /** Grants per page. */
    static final int PAGE = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance grants(AdminPage page, List<GrantView> grants, GrantFilter filter, int first,
                int last, String previousPage, String nextPage, String error);
    }

    @Inject Console console;
    @Inject AccessService access;

    @GET
    public Response grants(@RestQuery String subject, @RestQuery String resource, @RestQuery String show, @RestQuery Integer page,
            @RestQuery String done) {
        GrantFilter filter = GrantFilter.of(subject, resource, !"all".equals(show));
        String notice = "revoked".equals(done) ? "Revoked. The grant stops counting from the holder's next request." : null;
        return Response.ok(render(filter, AdminPaths.pageNumber(page, PAGE), notice, null)).build();
    }

    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@RestPath String id, @RestForm String reason, @RestForm(CsrfCheck.FIELD) String csrf) {
        console.requireCsrf(csrf);
        UUID grantId = AdminPaths.id(id, () -> new NotFoundProblem("grant_not_found", "There is no such grant."));
        GrantFilter filter = new GrantFilter(null, null, true);
        if (reason == null || reason.isBlank()) {
            return refused(filter, new BadRequestProblem("reason_required",
                    "Say why the grant is revoked: the reason is recorded and sent to its holder."));
        }
        try {
            access.revoke(console.identity(), console.meta(), grantId, reason.trim());
            return Response.seeOther(URI.create(AdminPaths.ROOT + "/grants?done=revoked")).build();
        } catch (ProblemException e) {
            if (e.status() == 403 || e.status() == 404) {
                throw e;
            }
            return refused(filter, e);
        }
    }

    private Response refused(GrantFilter filter, ProblemException e) {
        return Response.status(e.status()).entity(render(filter, 0, null, e.detail())).type(MediaType.TEXT_HTML_TYPE).build();
    }

    private TemplateInstance render(GrantFilter filter, int number, String notice, String error) {
        Page<GrantView> grants = access.grants(console.identity(), console.meta(), filter, number * PAGE, PAGE);
        return Templates.grants(console.page("grants", notice), grants.items(), filter, number * PAGE + 1,
                number * PAGE + grants.items().size(), number > 0 ? link(filter, number - 1) : null, grants.more() ? link(filter, number + 1) : null, error);
    }

    /** The link to another page of the list, with the same filters. */
    static String link(GrantFilter filter, int page) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("subject", filter.subject());
        params.put("resource", filter.resource());
        params.put("show", filter.activeOnly() ? null : "all");
        return AdminPaths.link("/grants", params, page);
    }
}
