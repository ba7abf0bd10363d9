package io.tiergate.admin;

import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.http.ForbiddenProblem;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Protects the console's forms with a signed double-submit token bound to the sign-in session
 * (OWASP's "signed double-submit cookie"): a random nonce in an HttpOnly, SameSite=Strict cookie,
 * and in each form's hidden field that nonce with an HMAC of it and of the session, under a key of
 * the gateway's. The session is the ID token's issuer, subject and {@code sid} (else its
 * {@code auth_time}), which stay the same while the tokens are refreshed. A post is accepted only
 * when its nonce is the cookie's and its HMAC is this session's: a token (and cookie) taken from
 * another session, even of the same person, is refused. The cookie is {@code Secure} and named
 * {@code __Host-tiergate-csrf} whenever the console is reached over HTTPS ({@link ConsoleTransport}).
 * It lives here, for the console's forms only, so that the bearer-token APIs never meet it.
 */
@ApplicationScoped
class CsrfCheck {

    /** The hidden form field that carries the token. */
    static final String FIELD = "csrf-token";
    /** The cookie over plain HTTP (the local run): browsers refuse a prefixed cookie that is not Secure. */
    static final String COOKIE = "tiergate-csrf";
    /** The cookie over HTTPS: {@code __Host-} makes the browser require Secure, Path=/ and no Domain. */
    static final String SECURE_COOKIE = "__Host-tiergate-csrf";

    private static final Logger LOG = Logger.getLogger(CsrfCheck.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String MAC = "HmacSHA256";

    private final ConsoleTransport transport;
    private final byte[] key;

    CsrfCheck(ConsoleConfig config, ConsoleTransport transport,
            @ConfigProperty(name = "quarkus.oidc.admin.credentials.secret") Optional<String> clientSecret) {
        this.transport = transport;
        this.key = keyOf(config.csrfSecret(), clientSecret);
    }

    /** The form token of this browser and session; sets the nonce cookie when the browser has none. */
    String token(RoutingContext rc, SecurityIdentity identity) {
        boolean secure = transport.isHttps(rc);
        Cookie existing = rc.request().getCookie(secure ? SECURE_COOKIE : COOKIE);
        String nonce;
        if (existing != null && NONCE.matcher(existing.getValue()).matches()) {
            nonce = existing.getValue();
        } else {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Cookie cookie = secure
                    ? Cookie.cookie(SECURE_COOKIE, nonce).setPath("/").setSecure(true)
                    : Cookie.cookie(COOKIE, nonce).setPath(AdminPaths.ROOT);
            rc.response().addCookie(cookie.setHttpOnly(true).setSameSite(CookieSameSite.STRICT));
        }
        return nonce + "." + mac(nonce, session(identity));
    }

    /** Refuses a post whose token is missing, is not this cookie's nonce, or was made for another session. */
    void require(String formToken, RoutingContext rc, SecurityIdentity identity) {
        Cookie cookie = rc.request().getCookie(transport.isHttps(rc) ? SECURE_COOKIE : COOKIE);
        int dot = formToken == null ? -1 : formToken.indexOf('.');
        String session = session(identity);
        boolean valid = dot > 0 && cookie != null && session != null
                && equal(formToken.substring(0, dot), cookie.getValue())
                && equal(formToken.substring(dot + 1), mac(cookie.getValue(), session));
        if (!valid) {
            throw new ForbiddenProblem("csrf_token_invalid", "Form expired",
                    "This form is no longer valid (its security token is missing or was made for another session). "
                            + "Reload the page and try again.");
        }
    }

    /** What identifies the sign-in session, or null when the caller has none (no ID token). */
    static String session(SecurityIdentity identity) {
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken token) || token.getSubject() == null) {
            return null;
        }
        Object sid = token.getClaim("sid");
        Object authTime = token.getClaim("auth_time");
        String session = sid != null ? "sid:" + sid : authTime != null ? "auth_time:" + authTime : "iat:" + token.getIssuedAtTime();
        return token.getIssuer() + "\n" + token.getSubject() + "\n" + session;
    }

    private String mac(String nonce, String session) {
        if (session == null) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key, MAC));
            byte[] tag = mac.doFinal(("tiergate-console-csrf-v1\n" + session + "\n" + nonce).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] keyOf(Optional<String> configured, Optional<String> clientSecret) {
        if (configured.isPresent()) {
            if (configured.get().length() < 32) {
                throw new IllegalStateException("tiergate.console.csrf-secret must be at least 32 characters");
            }
            return configured.get().getBytes(StandardCharsets.UTF_8);
        }
        try {
            if (clientSecret.isPresent() && !clientSecret.get().isBlank()) {
                // the same on every instance, and never the client secret itself
                return MessageDigest.getInstance("SHA-256")
                        .digest(("tiergate-console-csrf-key\n" + clientSecret.get()).getBytes(StandardCharsets.UTF_8));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        LOG.warn("neither tiergate.console.csrf-secret nor an admin client secret is set: console forms are signed with a key "
                + "of this instance only, and a form made by another instance is refused");
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return random;
    }
}
