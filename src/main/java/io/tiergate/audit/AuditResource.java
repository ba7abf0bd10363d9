package io.tiergate.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.http.ProblemException;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** The audit log for privacy approvers and auditors: search, export, verify. Who may read it is the policy's decision. */
@Path("/api/audit")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

    static final Resource AUDIT_LOG = new Resource(ResourceKind.AUDIT_LOG, "audit-log", 2, "privacy-team", Map.of());
    static final String JSON_LINES = "application/jsonl";
    private static final List<String> CSV_COLUMNS = List.of("seq", "event_id", "occurred_at", "kind", "request_id", "trace_id",
            "subject", "subject_type", "action", "resource_kind", "resource", "resource_tier", "content_tier", "findings",
            "purpose", "allowed", "outcome", "reasons", "target_id", "details", "policy_engine", "policy_revision", "prev_hash",
            "hash");

    private final Enforcer enforcer;
    private final AuditQueries queries;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;

    public AuditResource(Enforcer enforcer, AuditQueries queries, SecurityIdentity identity, ObjectMapper mapper) {
        this.enforcer = enforcer;
        this.queries = queries;
        this.identity = identity;
        this.mapper = mapper;
    }

    @GET
    @Path("events")
    @Operation(summary = "Search the audit log, newest first",
            description = "Filters combine; from/to are ISO-8601 instants (to exclusive). Page on with before=<next_before>.")
    public Events events(@RestQuery String actor, @RestQuery String subject,
            @RestQuery @Pattern(regexp = "[a-z_]+(\\.[a-z_]+)+") String action, @RestQuery String resource,
            @RestQuery @Pattern(regexp = "[a-z_]+") String outcome, @RestQuery Boolean allowed,
            @RestQuery("request_id") String requestId, @RestQuery String from, @RestQuery String to,
            @RestQuery @Min(1) Long before, @RestQuery @Min(1) @Max(500) Integer limit, RoutingContext rc) {
        authorize(rc);
        int size = limit == null ? 50 : limit;
        List<AuditRecord> page = queries.search(search(actor != null ? actor : subject, action, resource, outcome, allowed, requestId,
                from, to, before), size);
        Long next = page.size() == size ? page.get(page.size() - 1).seq() : null;
        return new Events(page.stream().map(EventView::of).toList(), next);
    }

    @GET
    @Path("export")
    @Produces({JSON_LINES, "text/csv"})
    @Operation(summary = "Export matching events, oldest first, streamed as JSON lines (format=jsonl) or CSV (format=csv)")
    public Response export(@RestQuery @Pattern(regexp = "jsonl|csv") String format, @RestQuery String actor,
            @RestQuery @Pattern(regexp = "[a-z_]+(\\.[a-z_]+)+") String action, @RestQuery String resource,
            @RestQuery @Pattern(regexp = "[a-z_]+") String outcome, @RestQuery Boolean allowed,
            @RestQuery("request_id") String requestId, @RestQuery String from, @RestQuery String to, RoutingContext rc) {
        authorize(rc);
        AuditQueries.Search search = search(actor, action, resource, outcome, allowed, requestId, from, to, null);
        boolean csv = "csv".equals(format);
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            try {
                if (csv) {
                    writer.write(String.join(",", CSV_COLUMNS) + "\r\n");
                }
                queries.export(search, r -> {
                    try {
                        writer.write(csv ? csvLine(EventView.of(r)) : mapper.writeValueAsString(EventView.of(r)) + "\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } finally {
                writer.flush();
            }
        };
        return Response.ok(body, csv ? "text/csv; charset=utf-8" : JSON_LINES)
                .header("Content-Disposition", "attachment; filename=\"tiergate-audit." + (csv ? "csv" : "jsonl") + "\"")
                .build();
    }

    @GET
    @Path("verify")
    @Operation(summary = "Walk the hash chain and report the first broken link (edit, deletion, insertion, reordering)")
    public ChainVerifier.Report verify(RoutingContext rc) {
        authorize(rc);
        return queries.verify();
    }

    private void authorize(RoutingContext rc) {
        enforcer.authorize(identity, new Enforcer.Access(Action.AUDIT_READ, AUDIT_LOG, Content.none(), "audit", Set.of()),
                RequestMeta.of(rc));
    }

    private static AuditQueries.Search search(String actor, String action, String resource, String outcome, Boolean allowed,
            String requestId, String from, String to, Long before) {
        return new AuditQueries.Search(actor, action, resource, outcome, allowed, requestId, instant("from", from),
                instant("to", to), before);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            String message = "must be an ISO-8601 instant such as 2026-05-20T08:00:00Z";
            throw new ProblemException(400, "invalid_request", "Bad request", "The request is not valid; see violations.",
                    Map.of("violations", List.of(Map.of("field", field, "message", message))));
        }
    }

    private static String csvLine(EventView e) {
        List<Object> values = List.of(e.seq(), e.eventId(), e.occurredAt(), e.kind(), n(e.requestId()), n(e.traceId()), e.subject(),
                e.subjectType(), e.action(), e.resourceKind(), e.resource(), n(e.resourceTier()), n(e.contentTier()),
                String.join(";", e.findings().stream().map(f -> f.type() + "=" + f.count()).toList()), e.purpose(), n(e.allowed()),
                e.outcome(), String.join(";", e.reasons()), n(e.targetId()), e.details(), n(e.policyEngine()), n(e.policyRevision()),
                e.prevHash(), e.hash());
        StringBuilder line = new StringBuilder();
        for (Object v : values) {
            if (line.length() > 0) {
                line.append(',');
            }
            String s = String.valueOf(v);
            // RFC 4180 quoting; a leading formula character is defused for spreadsheets.
            if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !(v instanceof Number)) {
                s = "'" + s;
            }
            boolean quote = s.indexOf('"') >= 0 || s.indexOf(',') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
            line.append(quote ? '"' + s.replace("\"", "\"\"") + '"' : s);
        }
        return line.append("\r\n").toString();
    }

    private static Object n(Object value) {
        return value == null ? "" : value;
    }

    /** A page of events; {@code next_before} continues the search (absent on the last page). */
    public record Events(List<EventView> events,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("next_before") Long nextBefore) {
    }

    /** One audit event on the wire. */
    public record EventView(
            long seq,
            @JsonProperty("event_id") String eventId,
            @JsonProperty("occurred_at") Instant occurredAt,
            String kind,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("trace_id") String traceId,
            String subject,
            @JsonProperty("subject_type") String subjectType,
            String action,
            @JsonProperty("resource_kind") String resourceKind,
            String resource,
            @JsonProperty("resource_tier") Integer resourceTier,
            @JsonProperty("content_tier") Integer contentTier,
            List<FindingCount> findings,
            String purpose,
            Boolean allowed,
            String outcome,
            List<String> reasons,
            @JsonProperty("target_id") String targetId,
            String details,
            @JsonProperty("policy_engine") String policyEngine,
            @JsonProperty("policy_revision") String policyRevision,
            @JsonProperty("prev_hash") String prevHash,
            String hash) {

        static EventView of(AuditRecord r) {
            AuditEvent e = r.event();
            return new EventView(r.seq(), e.eventId().toString(), e.occurredAt(), e.kind().db(), e.requestId(), e.traceId(),
                    e.subjectId(), e.subjectType(), e.action(), e.resourceKind(), e.resourceName(), e.resourceTier(),
                    e.contentTier(), e.findings(), e.purpose(), e.allowed(), e.outcome(), e.reasons(), e.targetId(), e.details(),
                    e.policyEngine(), e.policyRevision(), r.prevHash(), r.hash());
        }
    }
}
