package io.tiergate.audit.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tiergate.audit.AuditQueries;
import io.tiergate.audit.rest.AuditResource.EventView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
            "subject", "subject_name", "subject_type", "action", "resource_kind", "resource", "resource_tier", "content_tier", "findings",
            "purpose", "allowed", "outcome", "reasons", "target_id", "details", "policy_engine", "policy_revision", "prev_hash",
            "hash", "client_request_id", "obligations", "hash_form");
    /** RFC 4180: a header line, CRLF line ends, quotes only where needed. */
    private static final CsvSchema CSV_SCHEMA = CsvSchema.builder().addColumns(CSV_COLUMNS, CsvSchema.ColumnType.STRING)
            .setUseHeader(true).setLineSeparator("\r\n").setNullValue("").build();
    private static final CsvMapper CSV = new CsvMapper();
    /** Columns written from numbers (seq, resource_tier, content_tier): never defused. */
    private static final java.util.Set<Integer> NUMERIC = java.util.Set.of(0, 12, 13);

    @Inject AuditQueries queries;
    @Inject ObjectMapper mapper;

    /** A download of every event matching {@code search}, streamed from a database cursor. */
    public Response response(AuditQueries.Search search, boolean csv) {
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            SequenceWriter rows = csv ? CSV.writer(CSV_SCHEMA).writeValues(writer) : null;
            try {
                queries.export(search, r -> {
                    try {
                        if (rows != null) {
                            rows.write(csvRow(EventView.of(r)));
                        } else {
                            writer.write(mapper.writeValueAsString(EventView.of(r)) + "\n");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } finally {
                if (rows != null) {
                    rows.flush();
                }
                writer.flush();
            }
        };
        return Response.ok(body, csv ? "text/csv; charset=utf-8" : JSON_LINES)
                .header("Content-Disposition", "attachment; filename=\"tiergate-audit." + (csv ? "csv" : "jsonl") + "\"")
                .build();
    }

    private static String[] csvRow(EventView e) {
        String[] row = {String.valueOf(e.seq()), e.eventId(), String.valueOf(e.occurredAt()), e.kind(), e.requestId(),
            e.traceId(), e.subject(), e.subjectName(), e.subjectType(), e.action(), e.resourceKind(), e.resource(), number(e.resourceTier()),
            number(e.contentTier()), String.join(";", e.findings().stream().map(f -> f.type() + "=" + f.count()).toList()),
            e.purpose(), e.allowed() == null ? null : e.allowed().toString(), e.outcome(), String.join(";", e.reasons()),
            e.targetId(), e.details(), e.policyEngine(), e.policyRevision(), e.prevHash(), e.hash(), e.clientRequestId(),
            e.obligations(), e.hashForm()};
        for (int i = 0; i < row.length; i++) {
            if (!NUMERIC.contains(i)) {
                row[i] = defused(row[i]);
            }
        }
        return row;
    }

    /** A leading formula character in a text value is defused for spreadsheets. */
    private static String defused(String s) {
        return s != null && !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    private static String number(Integer n) {
        return n == null ? null : n.toString();
    }
}
