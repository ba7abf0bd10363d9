package io.tiergate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Wires {@link VerifiedTokens} into Quarkus security: an identity provider tried before OIDC's
 * that answers a bearer token it has seen verified (else it passes: OIDC verifies as always), and
 * an augmentor that remembers what OIDC verified. Only access tokens of the tenant the request was
 * routed to are served, never the console's session tokens; request-bound attributes (the routing
 * context) are replaced by the current request's.
 */
@ApplicationScoped
public class TokenCache implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    /** Attribute set on identities served from the cache (for tests and diagnostics). */
    public static final String SERVED_FROM_CACHE = "tiergate.token-cache";

    private static final String TENANT_ID = "tenant-id";

    private final VerifiedTokens tokens;
    private final boolean enabled;
    private final ObjectMapper mapper;

    public TokenCache(IdentityConfig config, Clock clock, ObjectMapper mapper) {
        IdentityConfig.TokenCache settings = config.tokenCache();
        this.enabled = settings.enabled();
        this.tokens = new VerifiedTokens(clock, settings.maxEntries(), settings.maxAge().toSeconds());
        this.mapper = mapper;
    }

    VerifiedTokens tokens() {
        return tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before OIDC's provider (which keeps the interface's default, 1001: higher runs first), and first
     * among the augmentors (default 0).
     */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!enabled || !(request.getToken() instanceof AccessTokenCredential)) {
            return Uni.createFrom().nullItem();
        }
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        String tenant = routing == null ? null : routing.get(TENANT_ID);
        if (tenant == null) {
            return Uni.createFrom().nullItem();
        }
        Optional<SecurityIdentity> known = tokens.find(request.getToken().getToken(), tenant);
        return Uni.createFrom().item(known.map(identity -> QuarkusSecurityIdentity.builder(identity)
                .addAttribute(RoutingContext.class.getName(), routing)
                .addAttribute(SERVED_FROM_CACHE, Boolean.TRUE)
                .build()).orElse(null));
    }

    /** Runs first among the augmentors, on the identity as OIDC made it; the others run on every call as before. */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (enabled && credential != null && identity.getAttribute(SERVED_FROM_CACHE) == null
                && identity.getPrincipal() instanceof JsonWebToken jwt
                && identity.getAttribute(TENANT_ID) instanceof String tenant) {
            tokens.remember(credential.getToken(), tenant, kidOf(credential.getToken()), jwt.getExpirationTime(),
                    QuarkusSecurityIdentity.builder(identity).addAttribute(RoutingContext.class.getName(), null).build());
        }
        return Uni.createFrom().item(identity);
    }

    /** The {@code kid} of a compact JWS's protected header, or null. */
    private String kidOf(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            JsonNode header = mapper.readTree(Base64.getUrlDecoder().decode(token.substring(0, dot)));
            JsonNode kid = header.get("kid");
            return kid != null && kid.isTextual() ? kid.asText() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
