package io.tiergate.admin;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Sign-out. Asking for the identity of this path lets the OIDC mechanism see its logout path and
 * end the session at the identity provider, which then sends the browser to the signed-out page.
 */
@Path(AdminPaths.ROOT + "/logout")
public class SignOutResource {

    @GET
    @Authenticated
    public Response signOut() {
        // Reached only when the OIDC mechanism did not take over: nothing to end here, just leave.
        return Response.seeOther(URI.create(AdminPaths.ROOT + "/signed-out")).build();
    }
}
