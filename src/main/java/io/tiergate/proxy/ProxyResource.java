package io.tiergate.proxy;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.tiergate.http.RequestMeta;
import io.tiergate.proxy.client.UpstreamClient;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The proxied endpoints: per LLM route the OpenAI-compatible chat completions, completions,
 * responses, embeddings and model list; and dataset reads.
 * Authorization runs on a worker thread (it waits for the audit commit); the upstream's answer is
 * then streamed back as it arrives, status and headers included.
 */
@Path("/")
@Authenticated
@Tag(name = "Proxy", description = "LLM routes and dataset reads, decided and audited before anything is forwarded")
@APIResponse(responseCode = "default", description = "Any other status is the upstream's own, relayed with its answer "
        + "(checked like a 200 one)", content = @Content(mediaType = MediaType.APPLICATION_JSON))
@APIResponse(responseCode = "502", description = "The upstream could not be reached, or answered with what cannot be "
        + "scanned (upstream_unavailable, upstream_payload_unscannable, upstream_payload_malformed, upstream_payload_too_large)")
@APIResponse(responseCode = "504", description = "The upstream did not answer in time (upstream_timeout)")
public class ProxyResource {

    @Inject LlmProxy llm;
    @Inject DatasetProxy datasets;
    @Inject SecurityIdentity identity;

    /**
     * Chat completions, completions, responses and embeddings: one handler, documented per endpoint
     * in the OpenAPI document by {@link LlmOpenApi} from {@link LlmEndpoint}.
     */
    @POST
    @Path("llm/{route}/v1/{endpoint: " + LlmEndpoint.PATHS + "}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public RestMulti<Buffer> call(@RestPath String route, @RestPath String endpoint, byte[] body,
            @RestHeader("X-Tiergate-Purpose") @Parameter(schema = @Schema(pattern = Purposes.PATTERN)) String purpose,
            @RestHeader("X-Tiergate-Episode") @Parameter(description = "Names the caller's episode (e.g. a conversation): its "
                    + "calls meet the same variant of the route; the caller is the episode by default",
                    schema = @Schema(pattern = Episodes.PATTERN)) String episode,
            @RestHeader("Accept") String accept, RoutingContext rc) {
        return relay(llm.call(identity, route, LlmEndpoint.at(endpoint), body, Purposes.parse(purpose), Episodes.parse(episode),
                accept, RequestMeta.of(rc)));
    }

    @GET
    @Path("llm/{route}/v1/models")
    @Blocking
    @Operation(summary = "The models an LLM route serves", description = "Decided as llm.list, answered from the upstream.")
    @APIResponse(responseCode = "200", description = "The upstream's model list",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public RestMulti<Buffer> models(@RestPath String route, @RestHeader("X-Tiergate-Purpose") @Parameter(schema = @Schema(pattern = Purposes.PATTERN)) String purpose,
            @RestHeader("Accept") String accept, RoutingContext rc) {
        return relay(llm.listModels(identity, route, Purposes.parse(purpose), accept, RequestMeta.of(rc)));
    }

    @GET
    @Path("datasets/{name}/{path: .*}")
    @Blocking
    @Operation(summary = "Read from a dataset", description = "Forwarded to the dataset's upstream when the policy allows.")
    @Parameter(name = "path", in = ParameterIn.PATH, description = "The path below the dataset's upstream, e.g. records/dh-001")
    @APIResponse(responseCode = "200", description = "The upstream's answer, walked as it streams: declared Tier 2 fields "
            + "masked, other Tier 2 values replaced by placeholders", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON), @Content(mediaType = "application/x-ndjson"),
            @Content(mediaType = MediaType.TEXT_PLAIN)})
    public RestMulti<Buffer> readDataset(@RestPath String name, @RestPath String path,
            @RestHeader("X-Tiergate-Purpose") @Parameter(schema = @Schema(pattern = Purposes.PATTERN)) String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        // Still percent-encoded, never decoded; RawPathGuard refused dot segments before the server resolved them.
        String rawPath = DatasetProxy.pathBelow(rc.normalizedPath(), "/datasets/" + name);
        return relay(datasets.read(identity, name, rawPath, rc.request().query(), Purposes.parse(purpose), accept, RequestMeta.of(rc)));
    }

    private static RestMulti<Buffer> relay(Uni<UpstreamClient.Response> response) {
        return RestMulti.fromUniResponse(response, UpstreamClient.Response::body, UpstreamClient.Response::headers,
                UpstreamClient.Response::status);
    }
}
