package io.tiergate.audit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.audit.AuditRecord;
import io.tiergate.audit.AuditUnavailableException;
import io.tiergate.audit.ChainVerifier;
import io.tiergate.audit.checkpoint.CheckpointAudit;
import io.tiergate.gate.Enforcer;
import io.tiergate.gate.Enforcer.Access;
import io.tiergate.http.QueryInstants;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** The audit log for privacy approvers and auditors: search, export, verify. Who may read it is the policy's decision. */
@Path("/api/audit")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

    /** What an {@code audit.read} decision is about, for the API and the console alike. */
    public static final Access READ = new Access(Action.AUDIT_READ,
            new Resource(ResourceKind.AUDIT_LOG, "audit-log", 2, "privacy-team", Map.of()), Content.none(), "audit", Set.of());

    /** Anchored: the OpenAPI document copies the patterns, and JSON Schema patterns match anywhere. */
    private static final String ACTION = "^[a-z_]+(\\.[a-z_]+)+$";
    private static final String OUTCOME = "^[a-z_]+$";

    @Inject Enforcer enforcer;
    @Inject AuditQueries queries;
    @Inject SecurityIdentity identity;
    @Inject AuditExport export;
    @Inject CheckpointAudit checkpoints;

    @GET
    @Path("events")
    @Operation(summary = "Search the audit log, newest first",
            description = "Filters combine; from/to are ISO-8601 instants (to exclusive). Page on with before=<next_before>.")
    public Events events(@RestQuery String actor, @RestQuery String subject,
            @RestQuery @Pattern(regexp = ACTION) String action, @RestQuery String resource,
            @RestQuery @Pattern(regexp = OUTCOME) String outcome, @RestQuery Boolean allowed,
            @RestQuery("request_id") String requestId, @RestQuery("client_request_id") String clientRequestId,
            @RestQuery @Parameter(schema = @Schema(format = "date-time")) String from,
            @RestQuery @Parameter(schema = @Schema(format = "date-time")) String to,
            @RestQuery @Min(1) Long before, @RestQuery @Min(1) @Max(500) Integer limit, RoutingContext rc) {
        authorize(rc);
        int size = limit == null ? 50 : limit;
        List<AuditRecord> page = queries.search(search(actor != null ? actor : subject, action, resource, outcome, allowed, requestId,
                clientRequestId, from, to, before), size);
        Long next = page.size() == size ? page.get(page.size() - 1).seq() : null;
        return new Events(page.stream().map(EventView::of).toList(), next);
    }

    @GET
    @Path("export")
    @Produces({AuditExport.JSON_LINES, "text/csv"})
    @Operation(summary = "Export matching events, oldest first, streamed as JSON lines (format=jsonl) or CSV (format=csv)")
    public Response export(@RestQuery @Pattern(regexp = "^(jsonl|csv)$") String format, @RestQuery String actor,
            @RestQuery @Pattern(regexp = ACTION) String action, @RestQuery String resource,
            @RestQuery @Pattern(regexp = OUTCOME) String outcome, @RestQuery Boolean allowed,
            @RestQuery("request_id") String requestId, @RestQuery("client_request_id") String clientRequestId,
            @RestQuery @Parameter(schema = @Schema(format = "date-time")) String from,
            @RestQuery @Parameter(schema = @Schema(format = "date-time")) String to, RoutingContext rc) {
        authorize(rc);
        AuditQueries.Search search = search(actor, action, resource, outcome, allowed, requestId, clientRequestId, from, to, null);
        return export.response(search, "csv".equals(format));
    }

    @GET
    @Path("verify")
    @Operation(summary = "Walk the hash chain and hold it against the signed checkpoints",
            description = "Reports the chain's first broken link (edit, deletion, insertion, reordering) and what of the "
                    + "checkpoints does not hold (truncated, rewritten, forked, bad_signature, sink_unreadable), with the "
                    + "last checkpoint that still holds. The checkpoints and the pinned public keys are configured apart "
                    + "(tiergate.audit.checkpoint.verify-from, tiergate.audit.checkpoint.public-keys).")
    public Verification verify(RoutingContext rc) {
        authorize(rc);
        ChainVerifier.Report chain = queries.verify();
        try {
            return Verification.of(chain, checkpoints.verify());
        } catch (SQLException e) {
            throw new AuditUnavailableException("the audit database could not be read");
        }
    }

    private void authorize(RoutingContext rc) {
        enforcer.authorize(identity, READ, RequestMeta.of(rc));
    }

    /** The search behind the query parameters of the search and export endpoints (and the admin console). */
    public static AuditQueries.Search search(String actor, String action, String resource, String outcome, Boolean allowed,
            String requestId, String clientRequestId, String from, String to, Long before) {
        return new AuditQueries.Search(actor, action, resource, outcome, allowed, requestId, QueryInstants.optional("from", from),
                QueryInstants.optional("to", to), before, clientRequestId);
    }

    /** A page of events; {@code next_before} continues the search (absent on the last page). */
    public record Events(List<EventView> events,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("next_before") Long nextBefore) {
    }

    /** One audit event on the wire; what an event of its kind does not have is null. */
    public record EventView(
            long seq,
            @JsonProperty("event_id") String eventId,
            @JsonProperty("occurred_at") Instant occurredAt,
            String kind,
            @Schema(nullable = true) @JsonProperty("request_id") String requestId,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("client_request_id") String clientRequestId,
            @Schema(nullable = true) @JsonProperty("trace_id") String traceId,
            String subject,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("subject_name") String subjectName,
            @JsonProperty("subject_type") String subjectType,
            String action,
            @Schema(nullable = true) @JsonProperty("resource_kind") String resourceKind,
            @Schema(nullable = true) String resource,
            @Schema(nullable = true) @JsonProperty("resource_tier") Integer resourceTier,
            @Schema(nullable = true) @JsonProperty("content_tier") Integer contentTier,
            @Schema(nullable = true) List<FindingCount> findings,
            @Schema(nullable = true) String purpose,
            @Schema(nullable = true) Boolean allowed,
            @Schema(nullable = true) String outcome,
            @Schema(nullable = true) List<String> reasons,
            @Schema(nullable = true) @JsonProperty("target_id") String targetId,
            @Schema(nullable = true) String details,
            @Schema(nullable = true) @JsonProperty("policy_engine") String policyEngine,
            @Schema(nullable = true) @JsonProperty("policy_revision") String policyRevision,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue @Schema(type = SchemaType.OBJECT) String obligations,
            @JsonProperty("hash_form") String hashForm,
            @JsonProperty("prev_hash") String prevHash,
            String hash) {

        static EventView of(AuditRecord r) {
            AuditEvent e = r.event();
            return new EventView(r.seq(), e.eventId().toString(), e.occurredAt(), e.kind().db(), e.requestId(),
                    e.clientRequestId(), e.traceId(), e.subjectId(), e.subjectName(), e.subjectType(), e.action(),
                    e.resourceKind(), e.resourceName(), e.resourceTier(), e.contentTier(), e.findings(), e.purpose(), e.allowed(),
                    e.outcome(), e.reasons(), e.targetId(), e.details(), e.policyEngine(), e.policyRevision(), e.obligations(),
                    r.form(), r.prevHash(), r.hash());
        }
    }
}
