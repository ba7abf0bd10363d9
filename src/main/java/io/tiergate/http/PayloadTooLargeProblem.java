package io.tiergate.http;

/** 413 {@code payload_too_large}: the body (or a part of it) exceeds a configured limit. */
public class PayloadTooLargeProblem extends ProblemException {

    public static final String CODE = "payload_too_large";

    public PayloadTooLargeProblem(String detail) {
        super(413, CODE, "Payload too large", detail);
    }
}
