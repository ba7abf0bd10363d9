package io.tiergate.capture.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.capture.CaptureErasure;
import io.tiergate.http.RequestMeta;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Erasure of captured LLM calls on request (a person named in them, or who made them), for privacy approvers. */
@Path("/api/captures")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Captures", description = "Captured LLM calls: feedback, erasure")
public class CaptureErasureResource {

    @Inject CaptureErasure erasure;
    @Inject SecurityIdentity identity;

    /** Exactly one selector. */
    @Schema(description = "What to erase: exactly one of subject, inference_id and value")
    public record EraseBody(
            @Schema(description = "A subject key (issuer#sub, as the audit log shows it): every call it made, and all "
                    + "feedback it gave") String subject,
            @JsonProperty("inference_id") @Schema(description = "One call, by its X-Tiergate-Inference-Id",
                    format = "uuid") String inferenceId,
            @Schema(description = "An exact value (an e-mail address, a customer id; at least 3 characters, case-sensitive): "
                    + "every full capture whose request or answer holds it anywhere. Redacted captures hold placeholders, "
                    + "never values, and are not searched", minLength = 3, maxLength = 1000) String value) {
    }

    /** What was erased. */
    public record ErasedView(
            @Schema(enumeration = {"subject", "inference", "value"}) String selector,
            @JsonProperty("erased_captures") @Schema(description = "Captured calls erased") long erasedCaptures,
            @JsonProperty("erased_feedback") @Schema(description = "Feedback rows erased with them") long erasedFeedback,
            @JsonProperty("decision_id") @Schema(description = "The capture.erase decision; the capture.erased audit event "
                    + "targets it") UUID decisionId) {
    }

    @POST
    @Path("erase")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase captured calls (privacy approvers), with their feedback; audited without the value",
            description = "By the subject who made the calls, by inference id, or, in full captures only, by an exact value "
                    + "found anywhere in the stored request or answer. The erasure is recorded as a capture.erased audit "
                    + "event with the selector, a SHA-256 of its value and the counts. Captures still on the writer's queue "
                    + "(written within a second) are not covered: erase again after a call that just ended.")
    @APIResponseSchema(value = ErasedView.class, responseCode = "200", responseDescription = "Erased, and audited")
    @APIResponse(responseCode = "400", description = "No selector or more than one (invalid_erase_selector); an empty, "
            + "malformed or too short value (invalid_erase_value)")
    @APIResponse(responseCode = "403", description = "Not a privacy approver (access_denied, role_not_permitted)")
    public ErasedView erase(@NotNull EraseBody body, RoutingContext rc) {
        CaptureErasure.Erased erased = erasure.erase(identity, RequestMeta.of(rc), body.subject(), body.inferenceId(), body.value());
        return new ErasedView(erased.selector().json(), erased.captures(), erased.feedback(), erased.decisionId());
    }
}
