package io.tiergate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.ProblemResponses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Refuses a proxied path (under {@code /datasets/} or {@code /llm/}) that an upstream could resolve
 * to another place, as the caller wrote it: the server decodes {@code %2e} and resolves dot segments
 * before any resource sees the path, so a check there would judge {@code /datasets/a/%2e%2e/b/x} as
 * {@code /datasets/b/x} (or miss the route), never the bytes the caller sent.
 */
@Singleton
public class RawPathGuard {

    private static final String[] PROXIED = {"/datasets/", "/llm/"};
    /** Raw path characters passed through as they are (RFC 3986 pchar and '/'), nothing else. */
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");

    @Inject ObjectMapper mapper;

    void register(@Observes Router router) {
        // after the request ids (ROUTE_ORDER_HEADERS), before authentication and any resource
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::guard);
    }

    private void guard(RoutingContext rc) {
        String raw = rc.request().path();
        if (raw != null && (proxied(raw) || proxied(rc.normalizedPath()))) {
            try {
                checked(raw);
            } catch (BadRequestProblem refused) {
                ProblemResponses.end(rc, refused, mapper);
                return;
            }
        }
        rc.next();
    }

    private static boolean proxied(String path) {
        for (String prefix : PROXIED) {
            if (path != null && path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The path, still percent-encoded and without its leading slashes; refuses anything an upstream
     * could resolve to another place: dot segments (also with path parameters, {@code ..;}), any
     * percent-encoding of {@code .}, {@code /}, {@code \\} or {@code %} (in any case, overlong UTF-8
     * such as {@code %c0%ae} included: every encoded byte sequence must be valid UTF-8), characters
     * that Unicode compatibility normalisation turns into one of them (fullwidth {@code ．}), empty segments.
     */
    static String checked(String rawPath) {
        String path = rawPath == null ? "" : rawPath.replaceAll("^/+", "");
        if (!SAFE_PATH.matcher(path).matches() || path.contains("//") || !safeSegments(path) || !safeEncodings(path)) {
            throw new BadRequestProblem("invalid_path", "The path must not contain '.' or '..' segments "
                    + "(also with ';' parameters), encoded dots, slashes, backslashes or percent signs, invalid "
                    + "percent-encoding, or empty segments.");
        }
        return path;
    }

    /** No segment is a dot segment once the path parameters a servlet container strips ({@code ;...}) are gone. */
    private static boolean safeSegments(String path) {
        for (String segment : path.split("/", -1)) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (!name.isEmpty() && name.chars().allMatch(c -> c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Every percent-encoded run decodes strictly as UTF-8, to nothing that is or normalises to '.', '/', '\\' or '%'. */
    private static boolean safeEncodings(String path) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int i = 0;
        while (i < path.length()) {
            if (path.charAt(i) != '%') {
                i++;
                continue;
            }
            ByteBuffer bytes = ByteBuffer.allocate(path.length());
            while (i < path.length() && path.charAt(i) == '%') {
                if (i + 2 >= path.length()) {
                    return false;
                }
                int high = Character.digit(path.charAt(i + 1), 16);
                int low = Character.digit(path.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                bytes.put((byte) (high * 16 + low));
                i += 3;
            }
            bytes.flip();
            String decoded;
            try {
                decoded = utf8.decode(bytes).toString();
            } catch (CharacterCodingException e) {
                return false;
            }
            String normalized = Normalizer.normalize(decoded, Normalizer.Form.NFKC);
            if (normalized.chars().anyMatch(c -> c == '.' || c == '/' || c == '\\' || c == '%' || c < 0x20 || c == 0x7f)) {
                return false;
            }
        }
        return true;
    }
}
