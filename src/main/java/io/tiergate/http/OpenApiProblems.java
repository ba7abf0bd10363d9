package io.tiergate.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the OpenAPI document ({@code /q/openapi}) with the one error shape: every operation
 * lists the problems any call may meet (401, 403, 406, 414, 431, 500, 503; 400 and 404 where it takes
 * parameters; 400, 413 and 415 where it takes a body), and every 4xx/5xx response, these and the
 * ones the resources declare, is {@code application/problem+json} with the {@code Problem} schema
 * (META-INF/openapi.yaml). Free-text query parameters get the pattern the gateway enforces
 * ({@link QueryCharacters}). Registered as {@code mp.openapi.filter}.
 */
public class OpenApiProblems implements OASFilter {

    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private static final Map<String, String> ALWAYS = ordered(
            "401", "No valid bearer token (unauthenticated); WWW-Authenticate names the scheme",
            "403", "Refused: by the policy (access_denied, with its reasons, the decision_id and, for Tier 2, request_access) "
                    + "or by the endpoint's roles (forbidden)",
            "406", "Accept names no media type this endpoint answers with (not_acceptable)",
            "414", "The request line is above quarkus.http.limits.max-initial-line-length (uri_too_long)",
            "431", "The header section is above quarkus.http.limits.max-header-size (headers_too_large)",
            "500", "Unexpected failure (internal_error); nothing internal is said, quote the request_id",
            "503", "Failed closed: the policy engine or the audit log could not be reached (policy_unavailable, "
                    + "audit_unavailable); retry later");

    private static final Map<String, String> WITH_PARAMETERS = ordered(
            "400", "A parameter is not valid (invalid_request with violations, invalid_field, bad_request)",
            "404", "No such resource, or a path parameter that cannot name one (not_found, unknown_route, unknown_dataset)");

    private static final Map<String, String> WITH_BODY = ordered(
            "400", "The body is not valid (invalid_json, invalid_request with violations, duplicate_key, case_variant_key)",
            "413", "The body is above quarkus.http.limits.max-body-size (payload_too_large)",
            "415", "The body is not application/json (unsupported_media_type)");

    @Override
    public RequestBody filterRequestBody(RequestBody requestBody) {
        // The scanner takes the Vert.x RoutingContext parameter (request metadata) for a body.
        return refersTo(requestBody.getContent(), "RoutingContext") ? null : requestBody;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(this::complete));
    }

    private void complete(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        Map<String, String> problems = new LinkedHashMap<>(ALWAYS);
        if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            problems.putAll(WITH_PARAMETERS);
            operation.getParameters().forEach(OpenApiProblems::noNulInQueryText);
        }
        if (operation.getRequestBody() != null) {
            problems.putAll(WITH_BODY);
        }
        for (Map.Entry<String, String> problem : problems.entrySet()) {
            APIResponse existing = responses.getAPIResponse(problem.getKey());
            if (existing == null || isFrameworkDefault(existing)) {
                responses.addAPIResponse(problem.getKey(), OASFactory.createAPIResponse().description(problem.getValue()));
            }
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (isProblemStatus(status) && response.getRef() == null) {
                response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))));
            }
        });
    }

    /** A free-text query parameter may hold anything but NUL ({@link QueryCharacters}). */
    private static void noNulInQueryText(Parameter parameter) {
        Schema schema = parameter.getSchema();
        if (parameter.getIn() == Parameter.In.QUERY && schema != null && schema.getRef() == null && schema.getPattern() == null
                && schema.getFormat() == null && schema.getType() != null && schema.getType().equals(List.of(Schema.SchemaType.STRING))) {
            schema.setPattern(QueryCharacters.NO_NUL);
        }
    }

    /** The scanner's own 401/403/400 entries ("Not Authorized", "Not Allowed", "Bad Request") say nothing. */
    private static boolean isFrameworkDefault(APIResponse response) {
        return List.of("Not Authorized", "Not Allowed", "Bad Request").contains(response.getDescription());
    }

    private static boolean isProblemStatus(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static boolean refersTo(Content content, String schemaName) {
        if (content == null || content.getMediaTypes() == null) {
            return false;
        }
        for (MediaType type : content.getMediaTypes().values()) {
            if (type.getSchema() != null && type.getSchema().getRef() != null
                    && type.getSchema().getRef().endsWith("/" + schemaName)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> ordered(String... statusAndDescription) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < statusAndDescription.length; i += 2) {
            map.put(statusAndDescription[i], statusAndDescription[i + 1]);
        }
        return map;
    }
}
