package io.tiergate.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.Tier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The capture table as the read and export paths see it: one query shape (a route, a time range,
 * the captures' tier, variants and feedback filters), rows read in {@code (captured_at,
 * inference_id)} order, and the classification of what a set of rows holds (their highest tier,
 * and per finding type and tier the number of captures holding it), which the policy decides on.
 */
final class StoredCaptures {

    private static final String COLUMNS = "c.inference_id, c.captured_at, c.route, c.variant, c.model, c.purpose, c.capture_mode, "
            + "c.request::text, c.answer::text, c.usage::text, c.latency_ms, c.ttft_ms, c.status, c.tier, c.finding_types, "
            // the latest boolean or float feedback per metric; comments are never read here (they may name a person)
            + "(select jsonb_object_agg(x.metric, x.value)::text from (select distinct on (f.metric) f.metric, "
            + "coalesce(to_jsonb(f.value_boolean), to_jsonb(f.value_float)) as value from inference_feedback f "
            + "where f.inference_id = c.inference_id and f.value_comment is null order by f.metric, f.created_at desc) x)";

    private StoredCaptures() {
    }

    /** One stored capture. {@code feedback} holds the latest boolean or float value of each metric (never comments). */
    record Row(UUID inferenceId, Instant capturedAt, String route, String variant, String model, String purpose, String mode,
            JsonNode request, JsonNode answer, JsonNode usage, int latencyMs, Integer ttftMs, int status, int tier,
            List<String> findingTypes, JsonNode feedback, long bytes) {
    }

    /** A feedback condition: the call's latest value of {@code metric} is at least {@code atLeast}, or equals {@code equals}. */
    record FeedbackCondition(String metric, Double atLeast, Boolean equals) {
    }

    /** Which captures: a route's, in {@code [from, to)}, after a position, at most of {@code maxTier}, and so on. */
    record Query(String route, Instant from, Instant to, Position after, Integer maxTier, List<String> variants,
            boolean withoutFindings, List<FeedbackCondition> feedback) {

        Query {
            variants = variants == null ? List.of() : List.copyOf(variants);
            feedback = feedback == null ? List.of() : List.copyOf(feedback);
        }
    }

    /** Where a page ended: the last row's time and id. */
    record Position(Instant capturedAt, UUID inferenceId) {
    }

    /** Runs {@code query} for at most {@code limit} rows, in order; {@code fetchSize} rows are held at a time. */
    static void select(Connection connection, ObjectMapper json, Query query, int limit, RowSink sink) throws SQLException, IOException {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS)
                .append(" from capture c where c.route = ? and c.captured_at >= ? and c.captured_at < ?");
        List<Object> parameters = new ArrayList<>(List.of(query.route(), Timestamp.from(query.from()), Timestamp.from(query.to())));
        if (query.after() != null) {
            sql.append(" and (c.captured_at, c.inference_id) > (?, ?)");
            parameters.add(Timestamp.from(query.after().capturedAt()));
            parameters.add(query.after().inferenceId());
        }
        if (query.maxTier() != null) {
            sql.append(" and c.tier <= ?");
            parameters.add(query.maxTier());
        }
        if (!query.variants().isEmpty()) {
            sql.append(" and c.variant = any(?)");
            parameters.add(query.variants());
        }
        if (query.withoutFindings()) {
            sql.append(" and cardinality(c.finding_types) = 0");
        }
        for (FeedbackCondition condition : query.feedback()) {
            String column = condition.atLeast() != null ? "value_float" : "value_boolean";
            sql.append(" and (select f.").append(column).append(" from inference_feedback f where f.inference_id = c.inference_id")
                    .append(" and f.metric = ? and f.").append(column).append(" is not null order by f.created_at desc limit 1)")
                    .append(condition.atLeast() != null ? " >= ?" : " = ?");
            parameters.add(condition.metric());
            parameters.add(condition.atLeast() != null ? condition.atLeast() : condition.equals());
        }
        sql.append(" order by c.captured_at, c.inference_id limit ?");
        parameters.add(limit);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // PostgreSQL streams a result set (fetch size) only inside a transaction
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            for (Object parameter : parameters) {
                if (parameter instanceof List<?> list) {
                    select.setArray(i++, connection.createArrayOf("text", list.toArray()));
                } else {
                    select.setObject(i++, parameter);
                }
            }
            select.setFetchSize(500);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    sink.accept(row(rs, json));
                }
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Receives rows one by one. */
    interface RowSink {
        void accept(Row row) throws IOException;
    }

    private static Row row(ResultSet rs, ObjectMapper json) throws SQLException {
        String request = rs.getString(8);
        String answer = rs.getString(9);
        Array types = rs.getArray(15);
        int ttft = rs.getInt(12);
        Integer ttftMs = rs.wasNull() ? null : ttft;
        return new Row(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), tree(json, request), tree(json, answer), tree(json, rs.getString(10)),
                rs.getInt(11), ttftMs, rs.getInt(13), rs.getInt(14), Arrays.asList((String[]) types.getArray()),
                tree(json, rs.getString(16)), (request == null ? 0 : request.length()) + (answer == null ? 0 : answer.length()));
    }

    private static JsonNode tree(ObjectMapper json, String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a set of captures holds, as the policy sees content: the highest tier, and per type and tier the captures holding it. */
    static final class Classification {

        private int tier = Tier.TIER_1.level();
        private long bytes;
        private final Map<String, Map<Integer, Integer>> counts = new TreeMap<>();

        void add(Row row) {
            tier = Math.max(tier, row.tier());
            bytes += row.bytes();
            for (String type : row.findingTypes()) {
                counts.computeIfAbsent(type, t -> new TreeMap<>()).merge(row.tier(), 1, Integer::sum);
            }
        }

        Content content() {
            List<FindingCount> findings = new ArrayList<>();
            counts.forEach((type, byTier) -> byTier.forEach((t, n) -> findings.add(new FindingCount(type, t, n))));
            return new Content(tier, findings, bytes);
        }
    }
}
