package io.tiergate.proxy;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.tiergate.capture.Captures;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the LLM endpoints one by one. {@link ProxyResource} serves them with one handler at
 * {@code /llm/{route}/v1/{endpoint}}; this filter replaces that path in the OpenAPI document with one
 * path per {@link LlmEndpoint}, each with its own operation id, summary and request schema, so that
 * clients and fuzzers see {@code /llm/{route}/v1/chat/completions} and the others as before.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class LlmOpenApi implements OASFilter {

    static final String SHARED_PATH = "/llm/{route}/v1/{endpoint}";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Paths paths = openAPI.getPaths();
        PathItem shared = paths == null ? null : paths.getPathItem(SHARED_PATH);
        if (shared == null || shared.getPOST() == null) {
            throw new IllegalStateException("the LLM endpoints' handler is no longer at POST " + SHARED_PATH);
        }
        paths.removePathItem(SHARED_PATH);
        for (LlmEndpoint endpoint : LlmEndpoint.values()) {
            paths.addPathItem("/llm/{route}/v1/" + endpoint.path(), OASFactory.createPathItem().POST(operationFor(endpoint, shared.getPOST())));
        }
    }

    private static Operation operationFor(LlmEndpoint endpoint, Operation handler) {
        return OASFactory.createOperation()
                .operationId(endpoint.doc.operationId())
                .summary(endpoint.doc.summary())
                .description(endpoint.doc.description())
                .tags(handler.getTags())
                .security(handler.getSecurity())
                .parameters(handler.getParameters().stream().filter(p -> !"endpoint".equals(p.getName())).toList())
                .requestBody(OASFactory.createRequestBody().required(true).content(json(
                        OASFactory.createSchema().ref("#/components/schemas/" + endpoint.doc.requestSchema()))))
                .responses(responses(handler));
    }

    /** The handler's responses (the class's and, when it ran first, {@code OpenApiProblems}'s), with the checked answer as 200. */
    private static APIResponses responses(Operation handler) {
        APIResponses responses = OASFactory.createAPIResponses().addAPIResponse("200", checkedAnswer());
        handler.getResponses().getAPIResponses().forEach((status, response) -> {
            if (!"200".equals(status)) {
                responses.addAPIResponse(status, response);
            }
        });
        return responses;
    }

    private static APIResponse checkedAnswer() {
        return OASFactory.createAPIResponse()
                .description("The upstream's answer, checked (llm.respond): one JSON document, or server-sent events when "
                        + "the body asks for \"stream\": true")
                .content(json(OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT)))
                        .addMediaType("text/event-stream", OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))))
                .addHeader(Captures.INFERENCE_ID_HEADER, OASFactory.createHeader()
                        .description("The gateway's id of this call (its decision id): what feedback "
                                + "(POST /api/inferences/{id}/feedback) and erasure (POST /api/captures/erase) refer to")
                        .required(true)
                        .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).format("uuid")));
    }

    private static Content json(Schema schema) {
        return OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType().schema(schema));
    }
}
