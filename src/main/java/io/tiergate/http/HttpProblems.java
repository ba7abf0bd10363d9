package io.tiergate.http;

/**
 * The problems of the HTTP layer itself (no token, wrong method or media type, an unexpected
 * failure), which {@link ProblemMapper} writes for the framework's own exceptions.
 */
final class HttpProblems {

    private HttpProblems() {
    }

    /** 401: no valid bearer token. */
    static ProblemException unauthenticated() {
        return new ProblemException(401, "unauthenticated", "Authentication required",
                "Send a valid OIDC bearer token: Authorization: Bearer <access token>.");
    }

    static ProblemException methodNotAllowed(String method) {
        return new ProblemException(405, "method_not_allowed", "Method not allowed", "This endpoint does not support " + method + ".");
    }

    static ProblemException notAcceptable() {
        return new ProblemException(406, "not_acceptable", "Not acceptable",
                "This endpoint cannot produce the media type asked for in Accept.");
    }

    static ProblemException unsupportedMediaType() {
        return new ProblemException(415, "unsupported_media_type", "Unsupported media type",
                "Send the body with the media type this endpoint consumes (usually application/json).");
    }

    /** Any other 4xx the framework raised, under a code derived from its status. */
    static ProblemException otherClientError(int status) {
        return new ProblemException(status, "http_" + status, "Request failed", "The request failed with HTTP " + status + ".");
    }

    /** 500: nothing internal is said, only where to look (the request id). */
    static ProblemException internal() {
        return new ProblemException(500, "internal_error", "Internal error",
                "Tiergate could not handle this request; quote the request id when you report it.");
    }
}
