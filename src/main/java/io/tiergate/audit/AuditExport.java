package io.tiergate.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.audit.AuditResource.EventView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Streams matching audit events, oldest first, as JSON lines or CSV (for the API and the admin console alike). */
@ApplicationScoped
public class AuditExport {

    public static final String JSON_LINES = "application/jsonl";
    private static final List<String> CSV_COLUMNS = List.of("seq", "event_id", "occurred_at", "kind", "request_id", "trace_id",
            "subject", "subject_type", "action", "resource_kind", "resource", "resource_tier", "content_tier", "findings",
            "purpose", "allowed", "outcome", "reasons", "target_id", "details", "policy_engine", "policy_revision", "prev_hash",
            "hash");

    private final AuditQueries queries;
    private final ObjectMapper mapper;

    public AuditExport(AuditQueries queries, ObjectMapper mapper) {
        this.queries = queries;
        this.mapper = mapper;
    }

    /** A download of every event matching {@code search}, streamed from a database cursor. */
    public Response response(AuditQueries.Search search, boolean csv) {
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
}
