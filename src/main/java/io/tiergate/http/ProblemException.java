package io.tiergate.http;

import java.util.Map;

/**
 * A failure that knows how it looks on the wire: HTTP status, stable code and a message
 * the caller can act on. Everything Tiergate refuses is thrown as one of these, through a
 * subclass that fixes the status ({@link BadRequestProblem}, {@link NotFoundProblem},
 * {@link ConflictProblem}, {@link ForbiddenProblem}, {@link UnavailableProblem},
 * {@link PayloadTooLargeProblem}, or a feature's own such as the gate's access denial);
 * {@link ProblemMapper} writes them all.
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

    /** Same as {@code new BadRequestProblem(code, detail)}. */
    public static ProblemException badRequest(String code, String detail) {
        return new BadRequestProblem(code, detail);
    }

    /** Same as {@code new NotFoundProblem(code, detail)}. */
    public static ProblemException notFound(String code, String detail) {
        return new NotFoundProblem(code, detail);
    }
}
