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
    public RestMulti<Buffer> chatCompletion(@RestPath String route, byte[] body,
            @RestHeader("X-Tiergate-Purpose") String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        return call(route, LlmEndpoint.CHAT_COMPLETIONS, body, purpose, accept, rc);
    }

    @POST
    @Path("llm/{route}/v1/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "OpenAI-compatible (legacy) completion through an LLM route")
    public RestMulti<Buffer> completion(@RestPath String route, byte[] body,
            @RestHeader("X-Tiergate-Purpose") String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        return call(route, LlmEndpoint.COMPLETIONS, body, purpose, accept, rc);
    }

    @POST
    @Path("llm/{route}/v1/responses")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "OpenAI-compatible Responses API call through an LLM route")
    public RestMulti<Buffer> response(@RestPath String route, byte[] body,
            @RestHeader("X-Tiergate-Purpose") String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        return call(route, LlmEndpoint.RESPONSES, body, purpose, accept, rc);
    }

    @POST
    @Path("llm/{route}/v1/embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "OpenAI-compatible embeddings through an LLM route", description = "Decided as llm.embed.")
    public RestMulti<Buffer> embeddings(@RestPath String route, byte[] body,
            @RestHeader("X-Tiergate-Purpose") String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        return call(route, LlmEndpoint.EMBEDDINGS, body, purpose, accept, rc);
    }

    @GET
    @Path("llm/{route}/v1/models")
    @Blocking
    @Operation(summary = "The models an LLM route serves", description = "Decided as llm.list, answered from the upstream.")
    public RestMulti<Buffer> models(@RestPath String route, @RestHeader("X-Tiergate-Purpose") String purpose,
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
    public RestMulti<Buffer> readDataset(@RestPath String name, @RestPath String path,
            @RestHeader("X-Tiergate-Purpose") String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        // Still percent-encoded, never decoded; RawPathGuard refused dot segments before the server resolved them.
        String rawPath = DatasetProxy.pathBelow(rc.normalizedPath(), "/datasets/" + name);
        return relay(datasets.read(identity, name, rawPath, rc.request().query(), Purposes.parse(purpose), accept, RequestMeta.of(rc)));
    }

    private static RestMulti<Buffer> relay(Uni<UpstreamClient.Response> response) {
        return RestMulti.fromUniResponse(response, UpstreamClient.Response::body, UpstreamClient.Response::headers,
                UpstreamClient.Response::status);
    }
}
