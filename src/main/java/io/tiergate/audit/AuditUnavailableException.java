package io.tiergate.audit;

import io.tiergate.http.UnavailableProblem;

/** The audit log could not make an event durable: the request it belongs to must not proceed. */
public class AuditUnavailableException extends UnavailableProblem {

    public AuditUnavailableException(String detail) {
        super("audit_unavailable", "Audit log unavailable",
                "The request was refused because its audit record could not be written (" + detail + "). Retry later.");
    }
}
