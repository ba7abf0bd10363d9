package io.tiergate.capture.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.capture.CaptureReads;
import io.tiergate.http.QueryInstants;
import io.tiergate.http.RequestMeta;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** A route's captures, read as the dataset {@code captures/<route>} through the policy, a page at a time. */
@Path("/api/captures")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Captures")
public class CaptureResource {

    /** The caller's stated purpose, as for dataset reads. */
    static final String PURPOSE_HEADER = "X-Tiergate-Purpose";
    static final String PURPOSE = "^[a-z0-9][a-z0-9_-]{0,63}$";

    @Inject CaptureReads reads;
    @Inject SecurityIdentity identity;

    @GET
    @Path("{route}")
    @Operation(summary = "Read a route's captures, oldest first, decided as a dataset.read of captures/<route>",
            description = "Tier 1 captures need a stated purpose; Tier 2 (redacted) captures, and every capture of a Tier 2 "
                    + "store, need an active grant for the dataset captures/<route> and that purpose (POST /api/access-requests). "
                    + "max_tier=1 leaves Tier 2 captures out. Page on with cursor=<next>.")
    @APIResponseSchema(value = CaptureReads.Page.class, responseDescription = "One page of captures and the cursor of the next")
    @APIResponse(responseCode = "400", description = "A bad range, limit, tier or cursor (invalid_range, invalid_limit, "
            + "invalid_tier, invalid_cursor)")
    @APIResponse(responseCode = "403", description = "The policy refused the read (reasons; request_access for Tier 2)")
    @APIResponse(responseCode = "404", description = "No such LLM route (unknown_route)")
    public CaptureReads.Page readCaptures(@RestPath String route,
            @RestHeader(PURPOSE_HEADER) @Pattern(regexp = PURPOSE) String purpose,
            @RestQuery @Parameter(description = "ISO-8601 instant, inclusive; default: the route's retention before to",
                    schema = @Schema(format = "date-time")) String from,
            @RestQuery @Parameter(description = "ISO-8601 instant, exclusive; default: now", schema = @Schema(format = "date-time")) String to,
            @RestQuery @Parameter(description = "Captures per page, 1 to 1000 (default 100)") Integer limit,
            @RestQuery("max_tier") @Parameter(description = "1: only Tier 1 captures") Integer maxTier,
            @RestQuery @Parameter(description = "The next value of the previous page") String cursor, RoutingContext rc) {
        return reads.read(identity, RequestMeta.of(rc), route, purpose == null ? "" : purpose, QueryInstants.optional("from", from),
                QueryInstants.optional("to", to), limit, maxTier, cursor);
    }
}
