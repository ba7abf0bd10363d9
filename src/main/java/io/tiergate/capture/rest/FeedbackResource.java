package io.tiergate.capture.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.capture.Feedback;
import io.tiergate.http.RequestMeta;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Feedback on captured LLM calls, by the inference id the gateway returned ({@code X-Tiergate-Inference-Id}). */
@Path("/api/inferences")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Captures", description = "Captured LLM calls: feedback")
public class FeedbackResource {

    @Inject Feedback feedback;
    @Inject SecurityIdentity identity;

    /** A metric's value for one call. */
    @Schema(description = "A value of a metric declared in tiergate.capture.metrics")
    public record FeedbackBody(
            @NotBlank @Schema(description = "A declared metric, e.g. helpful") String metric,
            @NotNull @Schema(description = "true/false for a boolean metric, a number in range for a float one, a text for a comment",
                    implementation = Object.class, required = true, oneOf = {Boolean.class, Double.class, String.class}) JsonNode value) {
    }

    /** Feedback as recorded. */
    public record FeedbackView(UUID id, @JsonProperty("inference_id") UUID inferenceId, String metric,
            @Schema(description = "The value as given: a boolean, a number or a text") Object value,
            @JsonProperty("created_at") Instant createdAt) {
    }

    @POST
    @Path("{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record feedback on a captured call (the subject who made it, or a service with the evaluator role)")
    @APIResponseSchema(value = FeedbackView.class, responseCode = "201", responseDescription = "The feedback, recorded and audited")
    @APIResponse(responseCode = "400", description = "An undeclared metric (unknown_metric) or a value of the wrong type or "
            + "out of range (invalid_feedback_value)")
    @APIResponse(responseCode = "403", description = "Neither the subject who made the call nor an evaluator service "
            + "(feedback_not_permitted)")
    @APIResponse(responseCode = "404", description = "No captured call has this id (unknown_inference)")
    public Response record(@RestPath UUID id, @NotNull FeedbackBody body, RoutingContext rc) {
        Feedback.Recorded r = feedback.record(identity, RequestMeta.of(rc), id, body.metric(), body.value());
        Object value = r.comment() != null ? r.comment() : r.booleanValue() != null ? r.booleanValue() : r.floatValue();
        return Response.status(Response.Status.CREATED)
                .entity(new FeedbackView(r.id(), r.inferenceId(), r.metric(), value, r.createdAt())).build();
    }
}
