package io.tiergate.access;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The access workflow as {@link AccessService} answers it, for the API (which sends these records
 * as they are) and the console (which renders them) alike. Subjects appear twice: {@code *_id} is
 * the stable key (issuer#sub) and the plain field the username at the time, for people to read.
 * States are as of the answer: a pending request past its TTL is {@code expired} although the
 * sweep may not have recorded it yet. No entity leaves the service.
 */
public final class AccessViews {

    private AccessViews() {
    }

    /** Names a dataset or an LLM route. */
    public record ResourceName(
            @NotNull @Pattern(regexp = "^(dataset|llm_route)$", message = "must be dataset or llm_route") String kind,
            @NotBlank @Size(max = 72) String name) {
    }

    /** One approval. */
    public record ApprovalView(String approver, @JsonProperty("approver_id") String approverId,
            @JsonProperty("approved_at") Instant approvedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String duration, @JsonInclude(JsonInclude.Include.NON_NULL) String comment) {
    }

    /** A grant; {@code state} is active, expired or revoked. */
    public record GrantView(String id, @JsonProperty("request_id") String requestId, String subject,
            @JsonProperty("subject_id") String subjectId, ResourceName resource, String purpose,
            @JsonProperty("starts_at") Instant startsAt, @JsonProperty("expires_at") Instant expiresAt, String state,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("revoked_at") Instant revokedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("revoked_by") String revokedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("revoke_reason") String revokeReason) {

        @JsonIgnore
        public boolean active() {
            return "active".equals(state);
        }
    }

    /**
     * A request as its requester and the reviewers see it. {@code tier} is the catalog's now (absent
     * when the resource left the catalog). {@code can_decide} answers for the caller: a privacy
     * approver, the request pending, not their own ({@code own_request}), not approved by them
     * already ({@code approved_by_me}).
     */
    public record RequestView(String id, String requester, @JsonProperty("requester_id") String requesterId, ResourceName resource,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer tier, String purpose, String justification, String duration,
            String state, @JsonProperty("approvals_required") int approvalsRequired, List<ApprovalView> approvals,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("pending_until") Instant pendingUntil,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("decided_at") Instant decidedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("decided_by") String decidedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("decision_reason") String decisionReason,
            @JsonInclude(JsonInclude.Include.NON_NULL) GrantView grant,
            @JsonProperty("can_decide") boolean canDecide, @JsonProperty("own_request") boolean ownRequest,
            @JsonProperty("approved_by_me") boolean approvedByMe) {

        @JsonIgnore
        public boolean pending() {
            return "pending".equals(state);
        }

        @JsonIgnore
        public Duration requestedDuration() {
            return Duration.parse(duration);
        }

        @JsonIgnore
        public int approvalsMissing() {
            return Math.max(0, approvalsRequired - approvals.size());
        }
    }

    /** The review queue's filters, applied in the query; null means any. {@code requester} matches a key or a username. */
    public record QueueFilter(String resource, String requester, String purpose) {

        /** From form or query fields: blank means any. */
        public static QueueFilter of(String resource, String requester, String purpose) {
            return new QueueFilter(blankToNull(resource), blankToNull(requester), blankToNull(purpose));
        }
    }

    /**
     * The grant list's filters, applied in the query: {@code subject} matches a key or a username,
     * {@code resource} a resource's name (null means any); {@code activeOnly} leaves out revoked and expired grants.
     */
    public record GrantFilter(String subject, String resource, boolean activeOnly) {

        /** From form or query fields: blank means any. */
        public static GrantFilter of(String subject, String resource, boolean activeOnly) {
            return new GrantFilter(blankToNull(subject), blankToNull(resource), activeOnly);
        }
    }

    /** A form or query field: trimmed, null when blank. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** One page of a list, and whether more follow. */
    public record Page<T>(List<T> items, boolean more) {
    }
}
