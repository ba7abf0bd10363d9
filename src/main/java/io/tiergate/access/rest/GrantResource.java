package io.tiergate.access.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.access.AccessService;
import io.tiergate.access.AccessViews.GrantFilter;
import io.tiergate.access.AccessViews.GrantView;
import io.tiergate.access.rest.AccessDtos.Grants;
import io.tiergate.access.rest.AccessDtos.RevokeBody;
import io.tiergate.http.RequestMeta;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Grants, for reviewers: list them, revoke one (it stops counting at the next request). */
@Path("/api/grants")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Grants")
public class GrantResource {

    @Inject AccessService service;
    @Inject SecurityIdentity identity;

    @GET
    @Operation(summary = "Grants, newest first (privacy approvers and auditors); subject is a key or a username; "
            + "active only unless active=false")
    @APIResponseSchema(value = Grants.class, responseCode = "200", responseDescription = "The grants")
    @APIResponse(responseCode = "403", description = "Not a privacy approver or auditor")
    public Grants list(@RestQuery String subject, @RestQuery String resource, @RestQuery Boolean active,
            @RestQuery @Min(1) @Max(500) Integer limit, RoutingContext rc) {
        GrantFilter filter = new GrantFilter(subject, resource, active == null || active);
        return new Grants(service.grants(identity, RequestMeta.of(rc), filter, 0, limit == null ? 100 : limit).items());
    }

    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a grant early, with a reason (privacy approvers): calls decided after it go without it")
    @APIResponseSchema(value = GrantView.class, responseCode = "200", responseDescription = "The grant, now revoked")
    @APIResponse(responseCode = "409", description = "Already revoked or expired")
    public GrantView revoke(@RestPath UUID id, @NotNull @Valid RevokeBody body, RoutingContext rc) {
        return service.revoke(identity, RequestMeta.of(rc), id, body.reason());
    }
}
