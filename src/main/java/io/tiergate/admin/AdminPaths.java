package io.tiergate.admin;

import io.tiergate.http.NotFoundProblem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Where the admin UI lives, and how its links are written and read. */
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

    /** The link to page {@code page} (from 0) of the console list at {@code path}, with the list's filters ({@code params}, nulls left out). */
    static String link(String path, Map<String, String> params, int page) {
        Map<String, String> all = new java.util.LinkedHashMap<>(params);
        all.put("page", String.valueOf(page));
        return ROOT + path + "?" + queryString(all);
    }

    /** The page number asked for in a list's link (from 0): absent or negative is the first, and the offset must fit an int. */
    static int pageNumber(Integer page, int pageSize) {
        return page == null || page < 0 ? 0 : Math.min(page, Integer.MAX_VALUE / pageSize - 1);
    }

    /** The id in a console link or form: one that is missing or no UUID names nothing, {@code notFound} (a 404), never a 500. */
    static UUID id(String value, Supplier<NotFoundProblem> notFound) {
        if (value == null) {
            throw notFound.get();
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw notFound.get();
        }
    }

    static boolean isAdmin(String path) {
        return path != null && (path.equals(ROOT) || path.startsWith(ROOT + "/"));
    }
}
