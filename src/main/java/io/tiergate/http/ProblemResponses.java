package io.tiergate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Writes a problem document from a Vert.x route handler, that is before JAX-RS and its {@link ProblemMapper} run. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** Ends the exchange with the problem document {@link ProblemMapper} would write for {@code problem}. */
    public static Future<Void> end(RoutingContext rc, ProblemException problem, ObjectMapper mapper) {
        String body;
        try {
            body = mapper.writeValueAsString(Problem.of(problem, RequestIds.requestId(rc)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return rc.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
