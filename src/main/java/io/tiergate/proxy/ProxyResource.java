package io.tiergate.proxy;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.http.RequestMeta;
import io.tiergate.proxy.client.UpstreamClient;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.core.buffer.Buffer;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import io.smallrye.mutiny.Uni;

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

    private final LlmProxy llm;
    private final DatasetProxy datasets;
    private final SecurityIdentity identity;

    public ProxyResource(LlmProxy llm, DatasetProxy datasets, SecurityIdentity identity) {
        this.llm = llm;
        this.datasets = datasets;
        this.identity = identity;
    }

    @POST
    @Path("llm/{route}/v1/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "OpenAI-compatible chat completion through an LLM route",
            description = "Point an OpenAI client at /llm/{route}/v1 with an OIDC access token as its API key.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ChatCompletionRequest")))
    @APIResponse(responseCode = "200", description = "The upstream's answer, checked (llm.respond): one JSON document, or "
            + "server-sent events when the body asks for \"stream\": true", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = "text/event-stream", schema = @Schema(type = SchemaType.STRING))})
    public RestMulti<Buffer> chatCompletion(@RestPath String route, byte[] body,
            @RestHeader("X-Tiergate-Purpose") @Parameter(schema = @Schema(pattern = Purposes.PATTERN)) String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        return call(route, LlmEndpoint.CHAT_COMPLETIONS, body, purpose, accept, rc);
    }

    @POST
    @Path("llm/{route}/v1/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "OpenAI-compatible (legacy) completion through an LLM route")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CompletionRequest")))
    @APIResponse(responseCode = "200", description = "The upstream's answer, checked (llm.respond): one JSON document, or "
            + "server-sent events when the body asks for \"stream\": true", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = "text/event-stream", schema = @Schema(type = SchemaType.STRING))})
    public RestMulti<Buffer> completion(@RestPath String route, byte[] body,
            @RestHeader("X-Tiergate-Purpose") @Parameter(schema = @Schema(pattern = Purposes.PATTERN)) String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        return call(route, LlmEndpoint.COMPLETIONS, body, purpose, accept, rc);
    }

    @POST
    @Path("llm/{route}/v1/responses")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "OpenAI-compatible Responses API call through an LLM route")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ResponseRequest")))
    @APIResponse(responseCode = "200", description = "The upstream's answer, checked (llm.respond): one JSON document, or "
            + "server-sent events when the body asks for \"stream\": true", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = "text/event-stream", schema = @Schema(type = SchemaType.STRING))})
    public RestMulti<Buffer> response(@RestPath String route, byte[] body,
            @RestHeader("X-Tiergate-Purpose") @Parameter(schema = @Schema(pattern = Purposes.PATTERN)) String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        return call(route, LlmEndpoint.RESPONSES, body, purpose, accept, rc);
    }

    @POST
    @Path("llm/{route}/v1/embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "OpenAI-compatible embeddings through an LLM route", description = "Decided as llm.embed.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "EmbeddingsRequest")))
    @APIResponse(responseCode = "200", description = "The upstream's answer, checked (llm.respond): one JSON document, or "
            + "server-sent events when the body asks for \"stream\": true", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = "text/event-stream", schema = @Schema(type = SchemaType.STRING))})
    public RestMulti<Buffer> embeddings(@RestPath String route, byte[] body,
            @RestHeader("X-Tiergate-Purpose") @Parameter(schema = @Schema(pattern = Purposes.PATTERN)) String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        return call(route, LlmEndpoint.EMBEDDINGS, body, purpose, accept, rc);
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

    private RestMulti<Buffer> call(String route, LlmEndpoint endpoint, byte[] body, String purpose, String accept, RoutingContext rc) {
        return relay(llm.call(identity, route, endpoint, body, Purposes.parse(purpose), accept, RequestMeta.of(rc)));
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
