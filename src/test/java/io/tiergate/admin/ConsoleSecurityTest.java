package io.tiergate.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tiergate.testing.Browser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/**
 * The console's cookies and forms, over HTTP directly with the cookies of real sign-ins (Chromium,
 * Keycloak): a form token is good for the session it was made in only, a GET never signs out, and
 * the CSRF cookie is {@code Secure} and {@code __Host-} prefixed when the browser came over HTTPS
 * through a trusted proxy (127.0.0.2 in the tests), never on an untrusted {@code X-Forwarded-Proto}.
 */
@QuarkusTest
@TestProfile(RealKeycloak.class)
class ConsoleSecurityTest {

    @TestHTTPResource("/admin")
    URI admin;

    /** A signed-in browser's cookies (session and CSRF) and the form token its page carries. */
    record Session(List<Cookie> cookies, String formToken) {

        String cookieHeader() {
            return cookies.stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
        }

        /** Only the session's cookies, with {@code csrf} as the CSRF cookie. */
        String cookieHeaderWithCsrf(String csrf) {
            return cookies.stream().filter(c -> !c.getName().equals(CsrfCheck.COOKIE)).map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")) + "; " + CsrfCheck.COOKIE + "=" + csrf;
        }

        String csrfCookie() {
            return cookies.stream().filter(c -> c.getName().equals(CsrfCheck.COOKIE)).findFirst().orElseThrow().getValue();
        }

        String sessionOnly() {
            return cookies.stream().filter(c -> !c.getName().equals(CsrfCheck.COOKIE)).map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
        }
    }

    private Session signIn(Browser browser, String user) {
        browser.open(admin + "/audit").signIn(user, user);
        assertThat(browser.heading()).isEqualTo("Audit log");
        String token = browser.driver().findElement(By.cssSelector("form.sign-out input[type=hidden]")).getAttribute("value");
        return new Session(List.copyOf(browser.driver().manage().getCookies()), token);
    }

    private static Response verify(String cookies, String token) {
        var request = given().redirects().follow(false).header("Cookie", cookies).contentType("application/x-www-form-urlencoded");
        if (token != null) {
            request.formParam(CsrfCheck.FIELD, token);
        }
        return request.when().post("/admin/audit/verify");
    }

    @Test
    void aFormTokenIsGoodForItsOwnSessionOnlyEvenOfTheSamePerson() {
        try (Browser one = new Browser(); Browser two = new Browser()) {
            Session a = signIn(one, "audrey");
            Session b = signIn(two, "audrey");
            assertThat(a.formToken()).isNotEqualTo(b.formToken());

            verify(a.cookieHeader(), a.formToken()).then().statusCode(200).body(containsString("The chain is intact"));
            verify(a.cookieHeader(), null).then().statusCode(403).body(containsString("csrf_token_invalid"));
            // b's token with a's session and a's CSRF cookie
            verify(a.cookieHeader(), b.formToken()).then().statusCode(403).body(containsString("csrf_token_invalid"));
            // b's token and b's CSRF cookie planted beside a's session (what a plain double-submit check lets through)
            verify(a.cookieHeaderWithCsrf(b.csrfCookie()), b.formToken()).then().statusCode(403)
                    .body(containsString("csrf_token_invalid"));
            verify(b.cookieHeader(), b.formToken()).then().statusCode(200);
        }
    }

    @Test
    void aGetDoesNotSignOutAndThePostNeedsTheSessionsToken() {
        try (Browser browser = new Browser()) {
            Session a = signIn(browser, "priya");
            given().redirects().follow(false).header("Cookie", a.cookieHeader()).when().get("/admin/logout")
                    .then().statusCode(200).body(containsString("<form method=\"post\" action=\"/admin/logout\""));
            given().redirects().follow(false).header("Cookie", a.cookieHeader()).when().get("/admin/catalog")
                    .then().statusCode(200).body(containsString("Catalog"));

            given().redirects().follow(false).header("Cookie", a.cookieHeader()).contentType("application/x-www-form-urlencoded")
                    .when().post("/admin/logout").then().statusCode(403).body(containsString("csrf_token_invalid"));

            Response out = given().redirects().follow(false).header("Cookie", a.cookieHeader())
                    .contentType("application/x-www-form-urlencoded").formParam(CsrfCheck.FIELD, a.formToken())
                    .when().post("/admin/logout");
            assertThat(out.statusCode()).isEqualTo(303);
            assertThat(out.header("Location")).contains("/protocol/openid-connect/logout").contains("post_logout_redirect_uri=")
                    .contains("id_token_hint=");
            assertThat(out.headers().getValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("q_session").contains("Max-Age=0"));
        }
    }

    @Test
    void theCsrfCookieIsSecureAndHostPrefixedOnlyOverHttpsFromATrustedProxy() throws IOException {
        try (Browser browser = new Browser()) {
            Session a = signIn(browser, "priya");
            String plain = setCookie(a.sessionOnly(), "127.0.0.1", null);
            assertThat(plain).startsWith(CsrfCheck.COOKIE + "=").contains("Path=/admin").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                    .doesNotContain("Secure");
            assertThat(setCookie(a.sessionOnly(), "127.0.0.1", "https")).as("X-Forwarded-Proto from an untrusted peer")
                    .startsWith(CsrfCheck.COOKIE + "=").doesNotContain("Secure");
            assertThat(setCookie(a.sessionOnly(), "127.0.0.2", null)).as("a trusted proxy that says nothing")
                    .startsWith(CsrfCheck.COOKIE + "=").doesNotContain("Secure");
            String secure = setCookie(a.sessionOnly(), "127.0.0.2", "https");
            assertThat(secure).startsWith(CsrfCheck.SECURE_COOKIE + "=").contains("Path=/").doesNotContain("Path=/admin")
                    .contains("Secure").containsIgnoringCase("HttpOnly").contains("SameSite=Strict").doesNotContain("Domain");
        }
    }

    /** GET /admin/catalog from {@code source} with the session cookies; the CSRF cookie the gateway sets. */
    private String setCookie(String cookies, String source, String forwardedProto) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName(admin.getHost()), admin.getPort(), InetAddress.getByName(source), 0)) {
            socket.setSoTimeout(20_000);
            String request = "GET /admin/catalog HTTP/1.1\r\nHost: " + admin.getHost() + ":" + admin.getPort() + "\r\nCookie: " + cookies
                    + "\r\n" + (forwardedProto == null ? "" : "X-Forwarded-Proto: " + forwardedProto + "\r\n") + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            return Arrays.stream(head.split("\r\n")).filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("set-cookie:"))
                    .map(l -> l.substring("set-cookie:".length()).trim()).filter(c -> c.contains("tiergate-csrf")).findFirst()
                    .orElseThrow(() -> new AssertionError("no CSRF cookie set: " + head));
        }
    }
}
