package io.tiergate.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.Enforcer;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

/** The audit log for privacy approvers and auditors; who may read it is the policy's decision. */
@Path("/api/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final Resource AUDIT_LOG = new Resource(ResourceKind.AUDIT_LOG, "audit-log", 2, "privacy-team", Map.of());

    private final Enforcer enforcer;
    private final AuditQueries queries;
    private final SecurityIdentity identity;

    public AuditResource(Enforcer enforcer, AuditQueries queries, SecurityIdentity identity) {
        this.enforcer = enforcer;
        this.queries = queries;
        this.identity = identity;
    }

    @GET
    @Path("events")
    @Blocking
    @Operation(summary = "Recent audit events, newest first")
    public Events events(@RestQuery String subject, @RestQuery @Pattern(regexp = "[a-z]+\\.[a-z]+") String action,
            @RestQuery String resource, @RestQuery Boolean allowed, @RestQuery("request_id") String requestId,
            @RestQuery @Min(1) @Max(500) Integer limit, RoutingContext rc) {
        enforcer.authorize(identity, new Enforcer.Access(Action.AUDIT_READ, AUDIT_LOG, Content.none(), "audit", Set.of()),
                RequestMeta.of(rc));
        var filter = new AuditQueries.Filter(subject, action, resource, allowed, requestId);
        return new Events(queries.recent(filter, limit == null ? 50 : limit).stream().map(EventView::of).toList());
    }

    /** A page of events. */
    public record Events(List<EventView> events) {
    }

    /** One audit event on the wire. */
    public record EventView(
            @JsonProperty("event_id") String eventId,
            @JsonProperty("occurred_at") Instant occurredAt,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("trace_id") String traceId,
            String subject,
            @JsonProperty("subject_type") String subjectType,
            String action,
            @JsonProperty("resource_kind") String resourceKind,
            String resource,
            @JsonProperty("resource_tier") int resourceTier,
            @JsonProperty("content_tier") int contentTier,
            List<FindingCount> findings,
            String purpose,
            boolean allowed,
            List<String> reasons,
            @JsonProperty("policy_engine") String policyEngine,
            @JsonProperty("policy_revision") String policyRevision) {

        static EventView of(AuditEvent e) {
            return new EventView(e.eventId().toString(), e.occurredAt(), e.requestId(), e.traceId(), e.subjectId(),
                    e.subjectType(), e.action(), e.resourceKind(), e.resourceName(), e.resourceTier(), e.contentTier(),
                    e.findings(), e.purpose(), e.allowed(), e.reasons(), e.policyEngine(), e.policyRevision());
        }
    }
}
