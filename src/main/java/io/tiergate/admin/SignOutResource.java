package io.tiergate.admin;

import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Sign-out is a POST with the session's CSRF token: a link, an image or a prefetch cannot sign anyone
 * out. A GET only asks. The post ends the local session (its cookie) and then the session at the
 * identity provider (RP-initiated logout), which sends the browser to the signed-out page.
 */
@Path(AdminPaths.ROOT + "/logout")
@Authenticated
public class SignOutResource {

    @Inject Console console;
    @Inject OidcSession session;
    @Inject OidcConfigurationMetadata provider;
    @Inject ConsoleConfig config;
    @Inject @Location("admin/signOut.html") Template page;
    @Inject @ConfigProperty(name = "quarkus.oidc.admin.client-id") String clientId;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance confirm() {
        return page.data("field", CsrfCheck.FIELD).data("token", console.csrfToken());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signOut(@RestForm(CsrfCheck.FIELD) String csrf, @Context UriInfo uri) {
        console.requireCsrf(csrf);
        String idToken = session.getIdToken() == null ? null : session.getIdToken().getRawToken();
        URI signedOut = config.publicUrl().map(u -> u.resolve(AdminPaths.ROOT + "/signed-out"))
                .orElseGet(() -> uri.getBaseUriBuilder().replacePath(AdminPaths.ROOT + "/signed-out").build());
        String endSession = provider.getEndSessionUri();
        URI next = endSession == null ? signedOut : withParams(UriBuilder.fromUri(endSession), idToken, signedOut);
        return session.logout().map(ignored -> Response.seeOther(next).build());
    }

    private URI withParams(UriBuilder end, String idToken, URI signedOut) {
        end.queryParam("client_id", clientId).queryParam("post_logout_redirect_uri", signedOut);
        if (idToken != null) {
            end.queryParam("id_token_hint", idToken);
        }
        return end.build();
    }
}
