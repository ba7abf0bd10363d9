package io.tiergate.admin;

import static io.tiergate.access.AccessViews.blankToNull;

import io.tiergate.audit.AuditQueries;
import io.tiergate.http.BadRequestProblem;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit page's search form, as the browser sends it: blank fields mean any; times come from
 * {@code datetime-local} inputs and are read as UTC; {@code outcome} is allowed, denied, or any
 * other recorded outcome (a workflow state such as {@code approved}).
 */
public record AuditSearch(String actor, String action, String resource, String outcome, String from, String to, Long before) {

    static AuditSearch of(String actor, String action, String resource, String outcome, String from, String to, Long before) {
        return new AuditSearch(blankToNull(actor), blankToNull(action), blankToNull(resource),
                blankToNull(outcome), blankToNull(from), blankToNull(to), before);
    }

    AuditQueries.Search query() {
        Boolean allowed = "allowed".equals(outcome) ? Boolean.TRUE : "denied".equals(outcome) ? Boolean.FALSE : null;
        String recorded = allowed == null ? outcome : null;
        return new AuditQueries.Search(actor, action, resource, recorded, allowed, null, instant("from", from), instant("to", to),
                before);
    }

    /** The same search as query parameters (for paging and export links), without {@code before}. */
    public String queryString() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("actor", actor);
        params.put("action", action);
        params.put("resource", resource);
        params.put("outcome", outcome);
        params.put("from", from);
        params.put("to", to);
        return AdminPaths.queryString(params);
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.endsWith("Z") ? Instant.parse(value) : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadRequestProblem("invalid_time", "'" + field + "' must be a date and time such as 2026-05-20T08:00.");
        }
    }
}
