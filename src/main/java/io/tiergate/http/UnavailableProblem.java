package io.tiergate.http;

import java.util.Map;

/** 503: something the request needs (audit log, grant store, policy engine) could not answer; retry later. */
public class UnavailableProblem extends ProblemException {

    public UnavailableProblem(String code, String title, String detail) {
        this(code, title, detail, Map.of());
    }

    public UnavailableProblem(String code, String title, String detail, Map<String, Object> extensions) {
        super(503, code, title, detail, extensions);
    }
}
