package io.tiergate.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Writes every failure as {@code application/problem+json} with a stable code. Nothing internal
 * (stack traces, exception messages of libraries) reaches the caller; 5xx are logged loudly.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final Instance<ProblemPages> pages;

    public ProblemMapper(@Any Instance<ProblemPages> pages) {
        this.pages = pages;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, RoutingContext rc) {
        if (e.status() >= 500) {
            LOG.warnf("request %s failed: %d %s: %s", RequestIds.requestId(rc), e.status(), e.code(), e.detail());
        }
        return respond(e, rc);
    }

    /**
     * Answers an unauthenticated call with the challenge of the mechanism that guards the path: a
     * bearer-token API gets 401 problem+json with {@code WWW-Authenticate}; the admin UI's
     * sign-in flow gets its redirect to the identity provider.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Uni<Response> unauthenticated(RuntimeException e, RoutingContext rc) {
        var problem = HttpProblems.unauthenticated();
        HttpAuthenticator authenticator = rc.get(HttpAuthenticator.class.getName());
        if (authenticator == null) {
            return Uni.createFrom().item(respond(problem, rc));
        }
        return authenticator.getChallenge(rc).map(challenge -> {
            Response.ResponseBuilder response = challenge == null || challenge.status == 401
                    ? Response.fromResponse(respond(problem, rc))
                    : Response.status(challenge.status);
            if (challenge != null) {
                challenge.getHeaders().forEach((name, value) -> response.header(name.toString(), value));
            }
            return response.build();
        });
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, RoutingContext rc) {
        return respond(new ForbiddenProblem("forbidden", "Forbidden", "Your identity is not allowed to use this endpoint."), rc);
    }

    @ServerExceptionMapper
    public Response invalidJson(JacksonException e, RoutingContext rc) {
        return respond(new BadRequestProblem("invalid_json", "The request body is not valid JSON of the expected shape."), rc);
    }

    /** JSON of the wrong shape: mapped here, or Quarkus' own mapper for this type would answer an empty 400. */
    @ServerExceptionMapper
    public Response invalidJsonShape(MismatchedInputException e, RoutingContext rc) {
        return invalidJson(e, rc);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, RoutingContext rc) {
        List<Map<String, String>> violations = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", leafOf(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList();
        return respond(new BadRequestProblem("invalid_request", "The request is not valid; see violations.",
                Map.of("violations", violations)), rc);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, RoutingContext rc) {
        int status = e.getResponse().getStatus();
        ProblemException problem = switch (status) {
            case 400 -> new BadRequestProblem("bad_request", "The request could not be understood.");
            case 404 -> new NotFoundProblem("not_found", "No such endpoint or resource.");
            case 405 -> HttpProblems.methodNotAllowed(rc.request().method().name());
            case 406 -> HttpProblems.notAcceptable();
            case 413 -> new PayloadTooLargeProblem("The request body exceeds the configured limit.");
            case 415 -> HttpProblems.unsupportedMediaType();
            default -> status >= 500 ? HttpProblems.internal() : HttpProblems.otherClientError(status);
        };
        if (status >= 500) {
            LOG.errorf(e, "request %s failed with HTTP %d", RequestIds.requestId(rc), status);
        }
        return respond(problem, rc);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, RoutingContext rc) {
        if (clientWentAway(e)) {
            // the caller closed, or was closed for sending too slowly (ConnectionDeadlines): no one to answer
            LOG.debugf("request %s: the connection closed before the request was read", RequestIds.requestId(rc));
        } else {
            LOG.errorf(e, "request %s failed unexpectedly", RequestIds.requestId(rc));
        }
        return respond(HttpProblems.internal(), rc);
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    Response respond(ProblemException e, RoutingContext rc) {
        for (ProblemPages page : pages) {
            Optional<Response> rendered = page.render(e, rc);
            if (rendered.isPresent()) {
                return rendered.get();
            }
        }
        return Response.status(e.status())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(e, RequestIds.requestId(rc)))
                .build();
    }

    private static String leafOf(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
