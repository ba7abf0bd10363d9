package io.tiergate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A real Keycloak (the distribution from Maven Central, started by {@code scripts/keycloak.sh},
 * realm {@code dev/keycloak/tiergate-realm.json}) for tests that sign in through a browser. The
 * gateway under test gets a fixed free port, registered as a redirect URI of the admin client.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private String dataDir;

    @Override
    public Map<String, String> start() {
        dataDir = Processes.root().resolve("target/keycloak-test").toString();
        int port = Processes.freePort();
        String issuer = Processes.run(List.of("bash", "scripts/keycloak.sh", "start", String.valueOf(port), dataDir), 300);
        int gatewayPort = Processes.freePort();
        allowRedirectsTo("http://127.0.0.1:" + port, "http://127.0.0.1:" + gatewayPort);
        return Map.of(
                "quarkus.oidc.auth-server-url", issuer,
                "quarkus.oidc.token.issuer", issuer,
                "quarkus.http.test-port", String.valueOf(gatewayPort),
                "tiergate.test.keycloak-url", "http://127.0.0.1:" + port);
    }

    /** Adds the gateway's origin to the admin client's redirect and post-logout URIs (Keycloak admin API). */
    private static void allowRedirectsTo(String keycloak, String gateway) {
        try {
            HttpClient http = HttpClient.newHttpClient();
            String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
            JsonNode token = send(http, HttpRequest.newBuilder(URI.create(keycloak + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            String bearer = "Bearer " + token.get("access_token").asText();
            String clients = keycloak + "/admin/realms/tiergate/clients";
            JsonNode found = send(http, HttpRequest.newBuilder(URI.create(clients + "?clientId="
                    + URLEncoder.encode("tiergate-admin", StandardCharsets.UTF_8))).header("Authorization", bearer).build());
            ObjectNode client = (ObjectNode) found.get(0);
            ((ArrayNode) client.get("redirectUris")).add(gateway + "/*");
            ObjectNode attributes = (ObjectNode) client.get("attributes");
            attributes.put("post.logout.redirect.uris", attributes.path("post.logout.redirect.uris").asText() + "##" + gateway + "/*");
            send(http, HttpRequest.newBuilder(URI.create(clients + "/" + client.get("id").asText()))
                    .header("Authorization", bearer).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client))).build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot configure the Keycloak admin client", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    @Override
    public void stop() {
        if (dataDir != null) {
            Processes.run(List.of("bash", "scripts/keycloak.sh", "stop", dataDir), 60);
        }
    }
}
