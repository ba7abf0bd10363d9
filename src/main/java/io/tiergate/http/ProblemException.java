package io.tiergate.http;

import java.util.Map;

/**
 * A failure that knows how it looks on the wire: HTTP status, stable code and a message
 * the caller can act on. Everything Tiergate refuses is thrown as one of these.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public ProblemException(int status, String code, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** Extra members of the problem document (RFC 9457 extensions), e.g. reason codes. */
    public Map<String, Object> extensions() {
        return extensions;
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, "Bad request", detail);
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, "Not found", detail);
    }
}
