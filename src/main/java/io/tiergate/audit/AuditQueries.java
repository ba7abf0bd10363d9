package io.tiergate.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.tiergate.policy.PolicyInput.FindingCount;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Reads the audit log, newest first. */
@ApplicationScoped
public class AuditQueries {

    private static final TypeReference<List<FindingCount>> FINDINGS = new TypeReference<>() {
    };

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    public AuditQueries(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /** Filters of a search; null means any. */
    public record Filter(String subject, String action, String resource, Boolean allowed, String requestId) {
    }

    public List<AuditEvent> recent(Filter filter, int limit) {
        StringBuilder sql = new StringBuilder("""
                select event_id, occurred_at, request_id, trace_id, subject_id, subject_type, action, resource_kind,
                       resource_name, resource_tier, content_tier, findings::text, purpose, allowed, reasons,
                       policy_engine, policy_revision
                from audit_event where true""");
        List<Object> args = new ArrayList<>();
        condition(sql, args, " and subject_id = ?", filter.subject());
        condition(sql, args, " and action = ?", filter.action());
        condition(sql, args, " and resource_name = ?", filter.resource());
        condition(sql, args, " and allowed = ?", filter.allowed());
        condition(sql, args, " and request_id = ?", filter.requestId());
        sql.append(" order by id desc limit ?");
        args.add(limit);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(read(rows));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new AuditUnavailableException("the audit database could not be read");
        }
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            args.add(value);
        }
    }

    private AuditEvent read(ResultSet row) throws SQLException {
        int i = 0;
        return new AuditEvent(
                row.getObject(++i, UUID.class),
                row.getTimestamp(++i).toInstant(),
                row.getString(++i),
                row.getString(++i),
                row.getString(++i),
                row.getString(++i),
                row.getString(++i),
                row.getString(++i),
                row.getString(++i),
                row.getShort(++i),
                row.getShort(++i),
                findings(row.getString(++i)),
                row.getString(++i),
                row.getBoolean(++i),
                Arrays.asList((String[]) row.getArray(++i).getArray()),
                row.getString(++i),
                row.getString(++i));
    }

    private List<FindingCount> findings(String json) {
        try {
            return mapper.readValue(json, FINDINGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
