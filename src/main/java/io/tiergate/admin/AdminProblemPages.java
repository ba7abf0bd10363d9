package io.tiergate.admin;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.tiergate.http.ProblemException;
import io.tiergate.http.ProblemPages;
import io.tiergate.http.RequestIds;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** Problems on admin pages are shown as pages with the message and a way on, never as JSON. */
@ApplicationScoped
public class AdminProblemPages implements ProblemPages {

    @Inject @Location("admin/problem.html") Template page;

    @Override
    public Optional<Response> render(ProblemException problem, RoutingContext rc) {
        if (rc == null || !AdminPaths.isAdmin(rc.normalizedPath())) {
            return Optional.empty();
        }
        String html = page.data("problem", problem)
                .data("requestId", RequestIds.requestId(rc))
                .data("forbidden", "forbidden".equals(problem.code()))
                .data("reasons", problem.extensions().getOrDefault("reasons", java.util.List.of()))
                .render();
        return Optional.of(Response.status(problem.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html).build());
    }
}
