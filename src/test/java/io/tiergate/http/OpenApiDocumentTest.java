package io.tiergate.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document (/q/openapi, what API clients and the fuzzer read) covers every endpoint of
 * the API, and every operation's errors are problem+json with the Problem schema.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final List<String> ALWAYS = List.of("401", "403", "414", "431", "500", "503");

    @Test
    void documentsEveryEndpointOfTheApi() {
        Map<String, Map<String, Object>> paths = document().getMap("paths");
        List<String> endpoints = endpoints();
        assertThat(endpoints).contains("post /llm/{route}/v1/chat/completions", "post /llm/{route}/v1/embeddings",
                "get /datasets/{name}/{path}",
                "post /api/classify", "post /api/access-requests/{id}/approve", "get /api/audit/verify",
                "post /api/captures/erase");
        for (String endpoint : endpoints) {
            String[] methodAndPath = endpoint.split(" ", 2);
            assertThat(paths).as(endpoint).containsKey(methodAndPath[1]);
            assertThat(paths.get(methodAndPath[1])).as(endpoint).containsKey(methodAndPath[0]);
        }
        assertThat(paths.keySet()).as("the console's pages are not API").noneMatch(p -> p.startsWith("/admin"));
        assertThat(paths.keySet()).as("the LLM endpoints' one handler is documented per endpoint")
                .doesNotContain("/llm/{route}/v1/{endpoint}");
    }

    @Test
    void documentsEachLlmEndpointWithItsOwnRequest() {
        JsonPath document = document();
        Map<String, String> schemas = Map.of("chat/completions", "ChatCompletionRequest", "completions", "CompletionRequest",
                "responses", "ResponseRequest", "embeddings", "EmbeddingsRequest");
        Map<String, String> ids = Map.of("chat/completions", "chatCompletion", "completions", "completion",
                "responses", "response", "embeddings", "embeddings");
        schemas.forEach((endpoint, schema) -> {
            String operation = "paths.'/llm/{route}/v1/" + endpoint + "'.post";
            assertThat(document.getString(operation + ".operationId")).as(endpoint).isEqualTo(ids.get(endpoint));
            assertThat(document.getString(operation + ".requestBody.content.'application/json'.schema.'$ref'"))
                    .as(endpoint).isEqualTo("#/components/schemas/" + schema);
            assertThat(document.getMap(operation + ".responses.'200'.content")).as(endpoint)
                    .containsKeys("application/json", "text/event-stream");
            assertThat(document.getList(operation + ".parameters.name")).as(endpoint)
                    .contains("route", "X-Tiergate-Purpose").doesNotContain("endpoint");
            assertThat(document.getString(operation + ".summary")).as(endpoint).isNotBlank();
            assertThat(document.getBoolean(operation + ".responses.'200'.headers.'X-Tiergate-Inference-Id'.required"))
                    .as(endpoint + ": the call's inference id comes back").isTrue();
            assertThat(document.getString(operation + ".responses.'200'.headers.'X-Tiergate-Inference-Id'.schema.format"))
                    .as(endpoint).isEqualTo("uuid");
        });
    }

    @Test
    void answersEveryErrorOfEveryOperationAsAProblemDocument() {
        JsonPath document = document();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            assertThat(responses).as(method + " " + path).containsKeys(ALWAYS.toArray(String[]::new));
            assertThat(responses.keySet()).as(method + " " + path + ": its success is documented")
                    .anyMatch(status -> status.startsWith("2"));
            assertThat(String.valueOf(operation.get("requestBody"))).as(method + " " + path + ": request metadata is no body")
                    .doesNotContain("RoutingContext");
            if (method.equals("get")) {
                assertThat(operation).as(method + " " + path).doesNotContainKey("requestBody");
            }
            responses.forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertThat(String.valueOf(response.get("content"))).as(method + " " + path + " " + status)
                            .isEqualTo("{application/problem+json={schema={$ref=#/components/schemas/Problem}}}");
                }
            });
            if (operation.containsKey("requestBody")) {
                assertThat(responses).as(method + " " + path).containsKeys("400", "413", "415");
            }
        }));
        assertThat(document.getList("components.schemas.Problem.required")).contains("type", "title", "status", "code");
    }

    /**
     * Every schema is one a client (and the fuzzer) can build a value for: no Jackson tree type
     * described by its getters, and no property that is one of several types and also a type or
     * a reference of its own (such a schema has no valid value at all).
     */
    @Test
    void describesEverySchemaSoThatAValueCanBeBuiltForIt() {
        Map<String, Map<String, Object>> schemas = document().getMap("components.schemas");
        assertThat(schemas.keySet()).as("Jackson's tree types are no API").doesNotContain("JsonNode", "JsonNodeType");
        schemas.forEach((name, schema) -> {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
            if (properties != null) {
                properties.forEach((property, described) -> {
                    if (described.containsKey("oneOf")) {
                        assertThat(described).as(name + "." + property).doesNotContainKeys("type", "$ref");
                    }
                });
            }
        });
        assertThat(document().getList("components.schemas.FeedbackBody.required")).contains("metric", "value");
    }

    @Test
    void documentsTheWorkflowsStatusesAndLinks() {
        JsonPath document = document();
        assertThat(document.getMap("paths.'/api/access-requests/{id}/approve'.post.responses")).containsKeys("200", "409");
        assertThat(document.getMap("paths.'/api/access-requests'.post.responses.'201'.links")).containsKeys("get", "withdraw");
        assertThat(document.getString("paths.'/api/audit/events'.get.parameters.find { it.name == 'actor' }.schema.pattern"))
                .isEqualTo(QueryCharacters.NO_NUL);
    }

    private static JsonPath document() {
        return given().accept("application/json").when().get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
    }

    /** "method /path" of every JAX-RS resource method outside the console, as the document writes paths. */
    private static List<String> endpoints() {
        List<String> endpoints = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tiergate")) {
            if (!type.isAnnotatedWith(Path.class) || type.isInterface() || type.getPackageName().startsWith("io.tiergate.admin")) {
                continue;
            }
            Class<?> resource = type.reflect();
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = method.isAnnotationPresent(GET.class) ? "get" : method.isAnnotationPresent(POST.class) ? "post"
                        : method.isAnnotationPresent(PUT.class) ? "put" : method.isAnnotationPresent(DELETE.class) ? "delete" : null;
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    String template = ("/" + base + "/" + (sub == null ? "" : sub.value())).replaceAll("/+", "/");
                    for (String path : documentedPaths(template)) {
                        endpoints.add(verb + " " + (path.length() > 1 ? path.replaceAll("/$", "") : path));
                    }
                }
            }
        }
        return endpoints;
    }

    /**
     * A template parameter that can only be one of a few literal paths ({@code {endpoint: a|b/c}}) is
     * documented as one path per literal; any other regex parameter as the parameter.
     */
    private static List<String> documentedPaths(String template) {
        java.util.regex.Matcher literals = java.util.regex.Pattern.compile("\\{\\w+\\s*:\\s*([\\w/]+(?:\\|[\\w/]+)+)\\s*}")
                .matcher(template);
        if (literals.find()) {
            List<String> paths = new ArrayList<>();
            for (String literal : literals.group(1).split("\\|")) {
                paths.addAll(documentedPaths(template.substring(0, literals.start()) + literal + template.substring(literals.end())));
            }
            return paths;
        }
        return List.of(template.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}"));
    }
}
