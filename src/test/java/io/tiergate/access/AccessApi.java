package io.tiergate.access;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;

/** The access workflow's HTTP calls, as tests make them. */
final class AccessApi {

    private AccessApi() {
    }

    /** A fresh developer name, so that grants of one test never serve another. */
    static String newDeveloper() {
        return "dev-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ValidatableResponse create(String token, String kind, String name, String purpose, String duration) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("resource", Map.of("kind", kind, "name", name), "purpose", purpose,
                        "justification", "Investigating ticket TG-1234 reported by support", "duration", duration))
                .when().post("/api/access-requests").then();
    }

    static String createdId(String token, String kind, String name, String purpose, String duration) {
        return create(token, kind, name, purpose, duration).statusCode(201).extract().path("id");
    }

    static ValidatableResponse approve(String token, String id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/api/access-requests/" + id + "/approve").then();
    }

    static ValidatableResponse deny(String token, String id, String reason) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(reason == null ? Map.of() : Map.of("reason", reason))
                .when().post("/api/access-requests/" + id + "/deny").then();
    }

    static ValidatableResponse read(String token, String dataset, String purpose) {
        return given().auth().oauth2(token).header("X-Tiergate-Purpose", purpose)
                .when().get("/datasets/" + dataset + "/records").then();
    }

    static ValidatableResponse revoke(String token, String grantId, String reason) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("reason", reason))
                .when().post("/api/grants/" + grantId + "/revoke").then();
    }
}
