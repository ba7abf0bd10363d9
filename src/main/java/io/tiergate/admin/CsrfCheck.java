package io.tiergate.admin;

import io.tiergate.http.ForbiddenProblem;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Protects the console's forms with a double-submit token: a random value in an HttpOnly,
 * SameSite=Strict cookie scoped to {@code /admin}, repeated in a hidden field of each form; a post
 * is accepted only when both agree. It lives here, for the console's forms only, so that the
 * bearer-token APIs (no cookies, so nothing to forge) never meet it.
 */
final class CsrfCheck {

    /** The hidden form field and the cookie that carry the token. */
    static final String FIELD = "csrf-token";
    static final String COOKIE = "tiergate-csrf";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private CsrfCheck() {
    }

    /** The browser's token, made (and set as a cookie) when it has none yet. */
    static String token(RoutingContext rc) {
        Cookie existing = rc.request().getCookie(COOKIE);
        if (existing != null && TOKEN.matcher(existing.getValue()).matches()) {
            return existing.getValue();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        rc.response().addCookie(Cookie.cookie(COOKIE, token).setPath(AdminPaths.ROOT).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(rc.request().isSSL()));
        return token;
    }

    /** Refuses a post whose form token is missing or differs from the cookie's. */
    static void require(String formToken, RoutingContext rc) {
        Cookie cookie = rc.request().getCookie(COOKIE);
        if (formToken == null || cookie == null || formToken.isEmpty()
                || !MessageDigest.isEqual(formToken.getBytes(StandardCharsets.UTF_8), cookie.getValue().getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenProblem("csrf_token_invalid", "Form expired",
                    "This form is no longer valid (its security token is missing or does not match). Reload the page and try again.");
        }
    }
}
