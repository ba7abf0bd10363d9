package io.tiergate.http;

import java.util.List;
import java.util.Map;

/** 400: the request cannot be understood or breaks a rule of its shape; the code says which. */
public class BadRequestProblem extends ProblemException {

    public BadRequestProblem(String code, String detail) {
        this(code, detail, Map.of());
    }

    public BadRequestProblem(String code, String detail, Map<String, Object> extensions) {
        super(400, code, "Bad request", detail, extensions);
    }

    /** {@code invalid_request} with the one field at fault, in the shape bean validation answers with. */
    public static BadRequestProblem invalidField(String field, String message) {
        return invalidField("invalid_request", "The request is not valid; see violations.", field, message);
    }

    /** A field at fault, under its own code and detail. */
    public static BadRequestProblem invalidField(String code, String detail, String field, String message) {
        return new BadRequestProblem(code, detail, Map.of("violations", List.of(Map.of("field", field, "message", message))));
    }
}
