package io.tiergate.http;

/** 403: the caller is known, and may not do this. */
public class ForbiddenProblem extends ProblemException {

    public ForbiddenProblem(String code, String title, String detail) {
        super(403, code, title, detail);
    }
}
