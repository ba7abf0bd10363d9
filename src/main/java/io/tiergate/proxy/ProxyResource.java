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
 * The proxied endpoints: OpenAI-compatible chat completions per LLM route, and dataset reads.
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
        return relay(llm.chatCompletion(identity, route, body, Purposes.parse(purpose), accept, RequestMeta.of(rc)));
    }

    @GET
    @Path("datasets/{name}/{path: .*}")
    @Blocking
    @Operation(summary = "Read from a dataset", description = "Forwarded to the dataset's upstream when the policy allows.")
    public RestMulti<Buffer> readDataset(@RestPath String name, @RestPath String path,
            @RestHeader("X-Tiergate-Purpose") String purpose, @RestHeader("Accept") String accept, RoutingContext rc) {
        // The path is taken still percent-encoded (dot segments already resolved by the server), never decoded.
        String rawPath = DatasetProxy.pathBelow(rc.normalizedPath(), "/datasets/" + name);
        return relay(datasets.read(identity, name, rawPath, rc.request().query(), Purposes.parse(purpose), accept, RequestMeta.of(rc)));
    }

    private static RestMulti<Buffer> relay(Uni<UpstreamClient.Response> response) {
        return RestMulti.fromUniResponse(response, UpstreamClient.Response::body, UpstreamClient.Response::headers,
                UpstreamClient.Response::status);
    }
}
