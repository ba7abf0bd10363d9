package io.tiergate.http;

/** 404: no such resource (or none the caller may know of). */
public class NotFoundProblem extends ProblemException {

    public NotFoundProblem(String code, String detail) {
        super(404, code, "Not found", detail);
    }
}
