package io.tiergate.admin;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Where the identity provider sends people back after signing out: public, says so, offers a way back in. */
@Path(AdminPaths.ROOT + "/signed-out")
public class SignedOutResource {

    @Inject @Location("admin/signedOut.html") Template page;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signedOut() {
        return page.instance();
    }
}
