package io.tiergate.http;

/** 409: the request is valid but the resource's state does not allow it (already revoked, expired, ...). */
public class ConflictProblem extends ProblemException {

    public ConflictProblem(String code, String detail) {
        super(409, code, "Conflict", detail);
    }
}
