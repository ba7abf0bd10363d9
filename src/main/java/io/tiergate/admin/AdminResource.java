package io.tiergate.admin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.catalog.CaptureStore;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.Dataset;
import io.tiergate.catalog.LlmRoute;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Collection;

/**
 * The privacy team's console: server-rendered pages behind the authorization-code sign-in. Only
 * privacy approvers and auditors get in; what they may do on each page is still the policy's
 * decision, taken and recorded like any other. This class holds the entry and the catalog.
 */
@Path(AdminPaths.ROOT)
@RolesAllowed({"privacy-approver", "auditor"})
@Produces(MediaType.TEXT_HTML)
@Blocking
public class AdminResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance catalog(AdminPage page, Collection<Dataset> datasets, Collection<LlmRoute> routes,
                Collection<CaptureStore> captureStores);
    }

    @Inject Console console;
    @Inject Catalog catalog;

    @GET
    public Response home() {
        return Response.seeOther(URI.create(AdminPaths.ROOT + "/queue")).build();
    }

    @GET
    @Path("signed-in")
    public Response signedIn() {
        return home();
    }

    @GET
    @Path("catalog")
    public TemplateInstance catalog() {
        return Templates.catalog(console.page("catalog", null), catalog.datasets(), catalog.routes(), catalog.captureStores());
    }
}
