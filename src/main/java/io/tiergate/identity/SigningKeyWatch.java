package io.tiergate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fetches the identity provider's signing keys (its JWKS, found through its discovery document)
 * every {@code tiergate.identity.token-cache.key-check-interval} and drops cached tokens whose key
 * is gone, so that a withdrawn key stops admitting tokens within one interval. When the provider
 * cannot be reached the cache is kept: tokens verified with keys it still published keep working
 * within their lifetime and the cache's maximum age, and new tokens are verified by OIDC as always.
 */
@ApplicationScoped
public class SigningKeyWatch {

    private static final Logger LOG = Logger.getLogger(SigningKeyWatch.class);

    private final TokenCache cache;
    private final ObjectMapper mapper;
    private final URI discovery;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SigningKeyWatch(TokenCache cache, ObjectMapper mapper, @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer) {
        this.cache = cache;
        this.mapper = mapper;
        this.discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    }

    @Scheduled(every = "${tiergate.identity.token-cache.key-check-interval:30s}", delayed = "${tiergate.identity.token-cache.key-check-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        try {
            Set<String> kids = currentKids();
            int dropped = cache.tokens().retainKeys(kids);
            if (dropped > 0) {
                LOG.infof("signing key withdrawn by the identity provider: %d cached token(s) dropped", dropped);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("signing keys not fetched (%s); cached tokens kept within their lifetime", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@code kid}s the provider publishes now. */
    Set<String> currentKids() throws IOException, InterruptedException {
        JsonNode metadata = get(discovery);
        JsonNode jwksUri = metadata.get("jwks_uri");
        if (jwksUri == null || !jwksUri.isTextual()) {
            throw new IOException("the discovery document names no jwks_uri");
        }
        JsonNode keys = get(URI.create(jwksUri.asText())).get("keys");
        if (keys == null || !keys.isArray()) {
            throw new IOException("the key set has no keys array");
        }
        Set<String> kids = new HashSet<>();
        keys.forEach(key -> {
            JsonNode kid = key.get("kid");
            if (kid != null && kid.isTextual()) {
                kids.add(kid.asText());
            }
        });
        return kids;
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return mapper.readTree(response.body());
    }
}
