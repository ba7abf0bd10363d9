package io.tiergate.admin;

/** Where the admin UI lives. */
final class AdminPaths {

    static final String ROOT = "/admin";

    private AdminPaths() {
    }

    static boolean isAdmin(String path) {
        return path != null && (path.equals(ROOT) || path.startsWith(ROOT + "/"));
    }
}
