package io.tiergate.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Tokens from the real Keycloak of {@link KeycloakResource}: its demo users sign in with their name as password. */
public final class KeycloakTokens {

    private KeycloakTokens() {
    }

    /** An access token of {@code user}, from the CLI client's password grant. */
    public static String of(String keycloak, String user) {
        return given().baseUri(keycloak).formParams(Map.of("grant_type", "password", "client_id", "tiergate-cli",
                        "username", user, "password", user))
                .when().post("/realms/tiergate/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** The subject key the gateway derives from a token: its issuer and sub. */
    public static String keyOf(String token) {
        JsonPath claims = JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        return claims.getString("iss") + "#" + claims.getString("sub");
    }
}
