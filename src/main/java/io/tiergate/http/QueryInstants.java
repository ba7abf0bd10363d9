package io.tiergate.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Instants in query parameters ({@code ?from=2026-05-20T08:00:00Z}): absent or blank is none, anything else ISO-8601 or a 400. */
public final class QueryInstants {

    private QueryInstants() {
    }

    /** The instant {@code value} names, null when it is absent or blank; a 400 naming {@code field} when it is not ISO-8601. */
    public static Instant optional(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw BadRequestProblem.invalidField(field, "must be an ISO-8601 instant such as 2026-05-20T08:00:00Z");
        }
    }
}
