package io.tiergate.http;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Renders a problem as a page for people (the admin UI) instead of {@code application/problem+json};
 * {@link ProblemMapper} asks every implementation and falls back to the JSON document.
 */
public interface ProblemPages {

    /** A page for this problem when the exchange is one this renderer serves, else empty. */
    Optional<Response> render(ProblemException problem, RoutingContext rc);
}
