package io.tiergate.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a query parameter holding a NUL character (400 {@code invalid_parameter}) before any
 * endpoint sees it: no text of Tiergate may hold one (PostgreSQL's text cannot), and a filter value
 * that reached the database with one failed there as a 5xx. The OpenAPI document says the same
 * ({@link OpenApiProblems} gives every string query parameter the pattern {@link #NO_NUL}).
 */
public class QueryCharacters {

    /** Any text without a NUL, as a JSON Schema (ECMA-262) and Java pattern alike. */
    public static final String NO_NUL = "^[^\\x00]*$";

    /**
     * Required free text of a body: no NUL, and more than spaces and control characters (what
     * {@code String.trim()} removes); spelt out so that Java and ECMA-262 read it alike.
     */
    public static final String NOT_BLANK = "^[^\\x00]*[^\\x00-\\x20][^\\x00]*$";

    @ServerRequestFilter
    public void refuseNul(ContainerRequestContext request) {
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0 || parameter.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                throw new BadRequestProblem("invalid_parameter", "A query parameter holds a NUL character.");
            }
        }
    }
}
