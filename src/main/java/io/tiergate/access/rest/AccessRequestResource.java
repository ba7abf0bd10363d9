package io.tiergate.access.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.access.AccessService;
import io.tiergate.access.AccessViews.QueueFilter;
import io.tiergate.access.AccessViews.RequestView;
import io.tiergate.access.rest.AccessDtos.ApproveBody;
import io.tiergate.access.rest.AccessDtos.CreateRequest;
import io.tiergate.access.rest.AccessDtos.DenyBody;
import io.tiergate.access.rest.AccessDtos.Requests;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.PolicyInput.ResourceKind;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.links.Link;
import org.eclipse.microprofile.openapi.annotations.links.LinkParameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Tier 2 access requests: developers and services ask, privacy approvers decide. Errors are problem+json. */
@Path("/api/access-requests")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access requests")
public class AccessRequestResource {

    @Inject AccessService service;
    @Inject SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for Tier 2 access to a dataset or LLM route")
    @APIResponse(responseCode = "201", description = "Created, pending a decision; Location names it",
            headers = @Header(name = "Location", required = true, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestView.class)),
            links = {
                    @Link(name = "get", operationId = "get", parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
                    @Link(name = "withdraw", operationId = "withdraw",
                            parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
                    @Link(name = "approve", operationId = "approve",
                            parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
                    @Link(name = "deny", operationId = "deny", parameters = @LinkParameter(name = "id", expression = "$response.body#/id"))})
    @APIResponse(responseCode = "400", description = "Invalid body: the violations name the field")
    @APIResponse(responseCode = "403", description = "The policy refuses (role_not_permitted, grant_not_needed_for_tier1)")
    @APIResponse(responseCode = "404", description = "No such dataset or route in the catalog (unknown_resource)")
    public Response create(@NotNull @Valid CreateRequest body, RoutingContext rc) {
        RequestView created = service.create(identity, RequestMeta.of(rc),
                ResourceKind.valueOf(body.resource().kind().toUpperCase(Locale.ROOT)), body.resource().name(), body.purpose(),
                body.justification(), body.duration());
        return Response.created(URI.create("/api/access-requests/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(summary = "My access requests, newest first")
    public Requests mine(@RestQuery @Min(1) @Max(500) Integer limit, RoutingContext rc) {
        return new Requests(service.mine(identity, RequestMeta.of(rc), limit == null ? 100 : limit));
    }

    @GET
    @Path("pending")
    @Operation(summary = "The reviewers' queue: requests waiting for a decision, oldest first; filtered by resource, "
            + "requester (subject key or username) and purpose")
    @APIResponseSchema(value = Requests.class, responseCode = "200", responseDescription = "The queue")
    @APIResponse(responseCode = "403", description = "Not a privacy approver or auditor")
    public Requests pending(@RestQuery String resource, @RestQuery String requester, @RestQuery String purpose,
            @RestQuery @Min(0) Integer offset, @RestQuery @Min(1) @Max(500) Integer limit, RoutingContext rc) {
        return new Requests(service.pending(identity, RequestMeta.of(rc), QueueFilter.of(resource, requester, purpose),
                offset == null ? 0 : offset, limit == null ? 100 : limit).items());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One request, with its approvals and grant (its requester, privacy approvers and auditors)")
    @APIResponseSchema(value = RequestView.class, responseCode = "200", responseDescription = "The request")
    @APIResponse(responseCode = "404", description = "No such request")
    public RequestView get(@RestPath UUID id, RoutingContext rc) {
        return service.get(identity, RequestMeta.of(rc), id);
    }

    @POST
    @Path("{id}/withdraw")
    @Operation(summary = "Withdraw my pending request",
            description = "Only its requester, and only while it is pending; a withdrawn request can no longer be approved "
                    + "(ask again with a new request).")
    @APIResponseSchema(value = RequestView.class, responseCode = "200", responseDescription = "The request, now withdrawn")
    @APIResponse(responseCode = "404", description = "No such request of yours: another's request answers as if it did not exist")
    @APIResponse(responseCode = "409", description = "No longer pending (request_not_pending)")
    public RequestView withdraw(@RestPath UUID id, RoutingContext rc) {
        return service.withdraw(identity, RequestMeta.of(rc), id);
    }

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve (privacy approvers; never one's own request; distinct approvers for N-of-M)",
            description = "Once the resource's number of distinct approvals is reached, a grant is made from now for the "
                    + "shortest duration any approver accepted.")
    @APIResponse(responseCode = "403", description = "The policy refuses (role_not_permitted, self_decision_forbidden, "
            + "approver_already_approved, grant_not_needed_for_tier1)")
    @APIResponse(responseCode = "409", description = "Already decided, withdrawn or expired (request_not_pending)")
    @APIResponse(responseCode = "200", description = "The request: approved with its grant, or still pending for more approvals",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestView.class)),
            links = @Link(name = "revoke", operationId = "revoke",
                    parameters = @LinkParameter(name = "id", expression = "$response.body#/grant/id")))
    public RequestView approve(@RestPath UUID id, @Valid ApproveBody body, RoutingContext rc) {
        ApproveBody b = body == null ? new ApproveBody(null, null) : body;
        return service.approve(identity, RequestMeta.of(rc), id, b.duration(), b.comment());
    }

    @POST
    @Path("{id}/deny")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deny, with a reason (privacy approvers; never one's own request)",
            description = "The requester reads the reason on the request; a denied request can no longer be approved.")
    @APIResponseSchema(value = RequestView.class, responseCode = "200", responseDescription = "The request, now denied")
    @APIResponse(responseCode = "409", description = "Already decided, withdrawn or expired (request_not_pending)")
    public RequestView deny(@RestPath UUID id, @NotNull @Valid DenyBody body, RoutingContext rc) {
        return service.deny(identity, RequestMeta.of(rc), id, body.reason());
    }
}
