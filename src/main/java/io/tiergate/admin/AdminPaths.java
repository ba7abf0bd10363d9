package io.tiergate.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Where the admin UI lives. */
final class AdminPaths {

    static final String ROOT = "/admin";

    private AdminPaths() {
    }

    /** Query parameters for a link, URL-encoded, in their order; null values left out. */
    static String queryString(Map<String, String> params) {
        return params.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static boolean isAdmin(String path) {
        return path != null && (path.equals(ROOT) || path.startsWith(ROOT + "/"));
    }
}
