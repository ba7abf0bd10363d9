package io.tiergate.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.tiergate.testing.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cache of verified tokens in the running gateway: what it serves, and what it never lets through. */
@QuarkusTest
class TokenCacheTest {

    @Inject
    TokenCache cache;

    @Inject
    SigningKeyWatch keys;

    static int classify(String token) {
        return given().auth().oauth2(token).contentType("application/json").body("{\"text\":\"release notes\"}")
                .when().post("/api/classify").then().extract().statusCode();
    }

    @Test
    void aVerifiedTokenIsRememberedAndStillAnswersTheSame() {
        String token = Tokens.developer("cache-alice");
        int before = cache.tokens().size();
        assertThat(classify(token)).isEqualTo(200);
        assertThat(cache.tokens().size()).isEqualTo(before + 1);
        long served = cache.tokens().served();
        assertThat(classify(token)).isEqualTo(200);
        assertThat(cache.tokens().size()).isEqualTo(before + 1);
        assertThat(cache.tokens().served()).as("the second call is answered from the cache").isEqualTo(served + 1);
    }

    @Test
    void aTokenOfAWithdrawnKeyIsVerifiedAgain() {
        String token = Tokens.developer("cache-erin");
        assertThat(classify(token)).isEqualTo(200);
        assertThat(cache.tokens().retainKeys(java.util.Set.of())).isPositive();
        long served = cache.tokens().served();
        assertThat(classify(token)).isEqualTo(200);
        assertThat(cache.tokens().served()).as("not served from the cache after its key left the key set").isEqualTo(served);
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsRefused() {
        String token = Tokens.developer("cache-bob");
        assertThat(classify(token)).isEqualTo(200);
        char last = token.charAt(token.length() - 2);
        String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertThat(classify(tampered)).isEqualTo(401);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        String token = Jwt.preferredUserName("cache-carol").subject("sub-cache-carol").issuer(Tokens.ISSUER).audience("tiergate")
                .claim("realm_access", Map.of("roles", List.of("developer")))
                .expiresAt(Instant.now().plusSeconds(3)).sign();
        assertThat(classify(token)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> classify(token) == 401);
    }

    @Test
    void theKeyWatchReadsTheKeysTheProviderSignsWith() throws Exception {
        String token = Tokens.developer("cache-dave");
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        assertThat(keys.currentKids()).isNotEmpty().allSatisfy(kid -> assertThat(header).contains(kid));
    }
}
