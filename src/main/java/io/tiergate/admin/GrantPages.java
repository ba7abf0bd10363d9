package io.tiergate.admin;

import static io.tiergate.access.AccessViews.blankToNull;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.access.AccessService;
import io.tiergate.access.AccessViews.GrantView;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.http.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Grants, active or all, filtered by subject and resource; approvers revoke with a reason. */
@Path(AdminPaths.ROOT + "/grants")
@RolesAllowed({"privacy-approver", "auditor"})
@Produces(MediaType.TEXT_HTML)
@Blocking
public class GrantPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance grants(AdminPage page, List<GrantView> grants, GrantFilter filter, String error);
    }

    /** The page's filters; {@code all} shows expired and revoked grants too. */
    public record GrantFilter(String subject, String resource, boolean all) {
    }

    private final Console console;
    private final AccessService access;

    public GrantPages(Console console, AccessService access) {
        this.console = console;
        this.access = access;
    }

    @GET
    public Response grants(@RestQuery String subject, @RestQuery String resource, @RestQuery String show, @RestQuery String done) {
        GrantFilter filter = new GrantFilter(blankToNull(subject), blankToNull(resource), "all".equals(show));
        String notice = "revoked".equals(done) ? "Revoked. The grant stops counting from the holder's next request." : null;
        return Response.ok(render(filter, notice, null)).build();
    }

    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@RestPath String id, @RestForm String reason, @RestForm(CsrfCheck.FIELD) String csrf) {
        console.requireCsrf(csrf);
        UUID grantId;
        try {
            grantId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundProblem("grant_not_found", "There is no such grant.");
        }
        GrantFilter filter = new GrantFilter(null, null, false);
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
        return Response.status(e.status()).entity(render(filter, null, e.detail())).type(MediaType.TEXT_HTML_TYPE).build();
    }

    private TemplateInstance render(GrantFilter filter, String notice, String error) {
        List<GrantView> grants = access.grants(console.identity(), console.meta(), filter.subject(), filter.resource(), !filter.all(),
                500);
        return Templates.grants(console.page("grants", notice), grants, filter, error);
    }
}
