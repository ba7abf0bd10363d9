package io.tiergate.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The access workflow and audit endpoints are in the OpenAPI document. */
@QuarkusTest
class OpenApiTest {

    @Test
    void documentsTheAccessAndAuditEndpoints() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/access-requests"))
                .body("paths", hasKey("/api/access-requests/{id}/approve"))
                .body("paths", hasKey("/api/access-requests/{id}/deny"))
                .body("paths", hasKey("/api/access-requests/{id}/withdraw"))
                .body("paths", hasKey("/api/access-requests/pending"))
                .body("paths", hasKey("/api/grants/{id}/revoke"))
                .body("paths", hasKey("/api/audit/export"))
                .body("paths", hasKey("/api/audit/verify"))
                .body("paths.'/api/access-requests/{id}/approve'.post.responses", hasKey("409"));
    }
}
