package io.tiergate.admin;

import io.tiergate.audit.AuditQueries;

/** The audit page's search form: blank fields mean any. */
public record AuditSearch(String subject, String action, String resource, String outcome) {

    static AuditSearch of(String subject, String action, String resource, String outcome) {
        return new AuditSearch(blankToNull(subject), blankToNull(action), blankToNull(resource), blankToNull(outcome));
    }

    AuditQueries.Filter filter() {
        Boolean allowed = "allowed".equals(outcome) ? Boolean.TRUE : "denied".equals(outcome) ? Boolean.FALSE : null;
        return new AuditQueries.Filter(subject, action, resource, allowed, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
