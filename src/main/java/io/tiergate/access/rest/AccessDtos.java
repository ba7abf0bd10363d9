package io.tiergate.access.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tiergate.access.AccessApproval;
import io.tiergate.access.AccessGrant;
import io.tiergate.access.AccessRequest;
import io.tiergate.access.AccessService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The access workflow on the wire: request bodies and views. No entity leaves through here. */
public final class AccessDtos {

    private AccessDtos() {
    }

    /** Names a dataset or an LLM route. */
    public record ResourceName(
            @NotNull @Pattern(regexp = "dataset|llm_route", message = "must be dataset or llm_route") String kind,
            @NotBlank @Size(max = 63) String name) {
    }

    /** A request for Tier 2 access. */
    @Schema(description = "What to access, why, and for how long")
    public record CreateRequest(
            @NotNull @Valid ResourceName resource,
            @NotBlank @Schema(description = "One of tiergate.access.purposes, e.g. debugging") String purpose,
            @NotBlank @Size(max = 2000) String justification,
            @NotNull @Schema(description = "ISO-8601 duration, e.g. PT8H or P7D; at most the resource's maximum",
                    implementation = String.class, example = "PT8H") Duration duration) {
    }

    /** An approval, possibly shortening the duration. */
    public record ApproveBody(
            @Schema(description = "A shorter grant than requested (ISO-8601)", implementation = String.class, example = "PT4H")
            Duration duration,
            @Size(max = 2000) String comment) {
    }

    /** A denial: the reason is required. */
    public record DenyBody(@NotBlank @Size(max = 2000) String reason) {
    }

    /** A revocation: the reason is required. */
    public record RevokeBody(@NotBlank @Size(max = 2000) String reason) {
    }

    /** One approval. */
    public record ApprovalView(String approver, @JsonProperty("approved_at") Instant approvedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String duration, @JsonInclude(JsonInclude.Include.NON_NULL) String comment) {

        static ApprovalView of(AccessApproval a) {
            return new ApprovalView(a.approverId, a.approvedAt, a.seconds == null ? null : Duration.ofSeconds(a.seconds).toString(),
                    a.comment);
        }
    }

    /** A grant. */
    public record GrantView(String id, @JsonProperty("request_id") String requestId, String subject, ResourceName resource,
            String purpose, @JsonProperty("starts_at") Instant startsAt, @JsonProperty("expires_at") Instant expiresAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("revoked_at") Instant revokedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("revoked_by") String revokedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("revoke_reason") String revokeReason) {

        static GrantView of(AccessGrant g) {
            return new GrantView(g.id.toString(), g.requestId.toString(), g.subjectId, new ResourceName(g.resourceKind, g.resourceName),
                    g.purpose, g.startsAt, g.expiresAt, g.revokedAt, g.revokedBy, g.revokeReason);
        }
    }

    /** A request as its requester and the reviewers see it. */
    public record RequestView(String id, String requester, ResourceName resource, String purpose, String justification,
            String duration, String state, @JsonProperty("approvals_required") int approvalsRequired,
            List<ApprovalView> approvals, @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("pending_until") Instant pendingUntil,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("decided_at") Instant decidedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("decided_by") String decidedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("decision_reason") String decisionReason,
            @JsonInclude(JsonInclude.Include.NON_NULL) GrantView grant) {

        static RequestView of(AccessService.Details d) {
            AccessRequest r = d.request();
            return new RequestView(r.id.toString(), r.requesterId, new ResourceName(r.resourceKind, r.resourceName), r.purpose,
                    r.justification, Duration.ofSeconds(r.requestedSeconds).toString(), r.state.name().toLowerCase(java.util.Locale.ROOT),
                    r.approvalsRequired, d.approvals().stream().map(ApprovalView::of).toList(), r.createdAt, r.pendingUntil,
                    r.decidedAt, r.decidedBy, r.decisionReason, d.grant().map(GrantView::of).orElse(null));
        }

        static RequestView summary(AccessRequest r) {
            return of(new AccessService.Details(r, List.of(), java.util.Optional.empty()));
        }
    }

    /** A list of requests. */
    public record Requests(List<RequestView> requests) {
    }

    /** A list of grants. */
    public record Grants(List<GrantView> grants) {
    }
}
