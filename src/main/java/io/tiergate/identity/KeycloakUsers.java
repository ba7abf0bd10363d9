package io.tiergate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Keycloak's admin REST API, for the one question the subject re-key asks: which {@code sub} does
 * this username have now ({@code GET /admin/realms/{realm}/users?username=...&exact=true}).
 * An unknown username is an empty answer; anything else that goes wrong (unreachable, refused,
 * an unexpected answer) is a {@link DirectoryException}, so that a failing identity provider never
 * reads as "nobody is known". Signs in with the admin CLI's password grant or a client's secret.
 */
public final class KeycloakUsers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    /** {@code {base}/admin/realms/{realm}/users}: where the realm's users are searched. */
    private final String usersEndpoint;
    private final String bearer;

    private KeycloakUsers(URI base, String realm, String bearer) {
        this.usersEndpoint = trimmed(base) + "/admin/realms/" + realm + "/users";
        this.bearer = bearer;
    }

    /** How to sign in to the admin API: a user of {@code tokenRealm} (password grant) or a client (its secret). */
    public record Credentials(String tokenRealm, String clientId, String username, String password, String clientSecret) {
    }

    /** The issuer of the realm's tokens, as the gateway sees it: {@code {base}/realms/{realm}}. */
    public static String issuerOf(URI base, String realm) {
        return trimmed(base) + "/realms/" + realm;
    }

    /** Signs in and returns a client for {@code realm}'s users. */
    public static KeycloakUsers signIn(URI base, String realm, Credentials credentials) {
        String form = credentials.clientSecret() != null
                ? "grant_type=client_credentials&client_id=" + encode(credentials.clientId()) + "&client_secret="
                        + encode(credentials.clientSecret())
                : "grant_type=password&client_id=" + encode(credentials.clientId()) + "&username=" + encode(credentials.username())
                        + "&password=" + encode(credentials.password() == null ? "" : credentials.password());
        KeycloakUsers anonymous = new KeycloakUsers(base, realm, null);
        JsonNode token = anonymous.send(HttpRequest.newBuilder(URI.create(trimmed(base) + "/realms/" + credentials.tokenRealm()
                + "/protocol/openid-connect/token")).timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (!token.hasNonNull("access_token")) {
            throw new DirectoryException("the token endpoint answered without an access token");
        }
        return new KeycloakUsers(base, realm, "Bearer " + token.get("access_token").asText());
    }

    /** The {@code sub} (Keycloak's user id) of the user named exactly {@code username}, if there is one. */
    public Optional<String> subOf(String username) {
        JsonNode users = send(HttpRequest.newBuilder(URI.create(usersEndpoint + "?exact=true&username="
                + encode(username))).timeout(TIMEOUT).header("Authorization", bearer).GET().build());
        if (!users.isArray()) {
            throw new DirectoryException("the users search answered something other than a list");
        }
        String wanted = username.toLowerCase(Locale.ROOT); // Keycloak keeps usernames in lower case
        for (JsonNode user : users) {
            if (wanted.equals(user.path("username").asText().toLowerCase(Locale.ROOT)) && user.hasNonNull("id")) {
                return Optional.of(user.get("id").asText());
            }
        }
        return Optional.empty();
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new DirectoryException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new DirectoryException("the identity provider could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException("interrupted");
        }
    }

    private static String trimmed(URI base) {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The identity provider could not answer: nothing may be concluded about any username. */
    public static class DirectoryException extends RuntimeException {
        DirectoryException(String message) {
            super(message);
        }
    }
}
