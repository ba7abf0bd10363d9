package io.tiergate.http;

import java.util.Map;

/** 409: the request is valid but the resource's state does not allow it (already revoked, expired, ...). */
public class ConflictProblem extends ProblemException {

    public ConflictProblem(String code, String detail) {
        this(code, detail, Map.of());
    }

    public ConflictProblem(String code, String detail, Map<String, Object> extensions) {
        super(409, code, "Conflict", detail, extensions);
    }
}
