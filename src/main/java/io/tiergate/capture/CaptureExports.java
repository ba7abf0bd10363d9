package io.tiergate.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.capture.CaptureConfig.MetricConfig;
import io.tiergate.capture.CaptureConfig.MetricType;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.CaptureStore;
import io.tiergate.gate.Enforcer;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.PolicyInput.Action;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * A training or evaluation file made of a route's captures ({@code POST /api/exports}). The file
 * is written whole to a private temporary file first, hashing exactly the bytes written (SHA-256);
 * then the export is decided as {@code dataset.export} of the route's capture store, on the
 * classification of exactly the captures in the file, and the decision, carrying the number of
 * records and the hash, is durable in the audit log before the first byte is sent. A denied or
 * failed export deletes its file: no export byte leaves without the audit record that names it.
 * Captures are exported as stored: redacted ones with their placeholders, never a value.
 */
@ApplicationScoped
public class CaptureExports {

    private static final Logger LOG = Logger.getLogger(CaptureExports.class);
    private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Inject Catalog catalog;
    @Inject Enforcer enforcer;
    @Inject DataSource dataSource;
    @Inject ObjectMapper json;
    @Inject CaptureConfig config;

    /** What a file's lines look like. */
    public enum Format {
        /** OpenAI's chat fine-tuning JSONL: {@code {"messages": [...]}} per line, the captured answer last. */
        OPENAI_CHAT("openai-chat"),
        /** Evaluation JSONL: {@code {"input", "reference_output", "metadata"}} per line. */
        EVALUATION("evaluation");

        final String json;

        Format(String json) {
            this.json = json;
        }

        static Format of(String name) {
            for (Format f : values()) {
                if (f.json.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** A feedback filter as asked: the call's latest value of a declared metric at least a number, or equal to a boolean. */
    public record FeedbackFilter(String metric, Double atLeast, Boolean equals) {
    }

    /** What to export: a route's captures in {@code [from, to)}, of these variants (all when empty), filtered, in a format. */
    public record Request(String route, List<String> variants, Instant from, Instant to, List<FeedbackFilter> feedback,
            boolean withoutFindings, Integer maxTier, String format) {
    }

    /**
     * A decided export: the file to stream (the caller deletes it once sent), the records it holds
     * and their SHA-256, the decision id, and a name for the download.
     */
    public record Export(UUID decisionId, Path file, long records, long skipped, String sha256, String filename, long bytes) {
    }

    /** Builds, decides and records the export; throws a problem (400, 403, 503) with no file left behind otherwise. */
    public Export export(SecurityIdentity caller, RequestMeta meta, String purpose, Request request) {
        Format format = Format.of(request.format());
        if (format == null) {
            throw BadRequestProblem.invalidField("unknown_format", "format must be openai-chat or evaluation.", "format",
                    "must be openai-chat or evaluation");
        }
        CaptureStore store = catalog.captureStoreOf(request.route() == null ? "" : request.route())
                .orElseThrow(() -> BadRequestProblem.invalidField("unknown_route", "There is no LLM route '" + request.route()
                        + "', so no capture store of it.", "route", "not a declared LLM route"));
        CaptureReads.checkRange(request.from(), request.to());
        CaptureReads.checkTier(request.maxTier(), "filters.max_tier");
        List<String> variants = request.variants() == null ? List.of() : request.variants();
        for (String variant : variants) {
            if (variant == null || !VARIANT.matcher(variant).matches()) {
                throw BadRequestProblem.invalidField("invalid_variant", "A variant is a name of 1 to 64 letters, digits, '.', '_' "
                        + "or '-'.", "variants", "not a variant name");
            }
        }
        StoredCaptures.Query query = new StoredCaptures.Query(store.route(), request.from(), request.to(), null, request.maxTier(),
                variants, request.withoutFindings(), conditions(request.feedback()));

        Path file = null;
        try {
            file = Files.createTempFile("tiergate-export-", ".jsonl"); // owner-only (rw-------) on POSIX
            Built built = build(file, query, format);
            if (built.rows() > config.exportMaxRecords()) {
                throw BadRequestProblem.invalidField("export_too_large", "More than " + config.exportMaxRecords()
                        + " captures match: ask for a shorter range or narrower filters.", "to", "range too large");
            }
            String details = "format=" + format.json + "; route=" + store.route() + "; from=" + request.from() + "; to=" + request.to()
                    + "; variants=" + String.join(",", variants) + "; filters=" + filterSummary(request)
                    + "; records=" + built.records() + "; skipped=" + built.skipped() + "; bytes=" + built.bytes()
                    + "; sha256=" + built.sha256();
            Enforcer.Authorization authorization = enforcer.authorize(caller, new Enforcer.Access(Action.DATASET_EXPORT,
                    store.policyResource(), built.classification().content(), purpose, Set.of(), null, details), meta);
            Export export = new Export(authorization.decisionId(), file, built.records(), built.skipped(), built.sha256(),
                    "captures-" + store.route() + "-" + format.json + "-" + authorization.decisionId() + ".jsonl", built.bytes());
            file = null; // handed over
            return export;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            LOG.warnf("the capture store could not be read for an export: %s", e.getMessage());
            throw CaptureReads.storeUnavailable();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warnf("export file %s could not be deleted: %s", file, e.getMessage());
                }
            }
        }
    }

    private record Built(long rows, long records, long skipped, long bytes, String sha256, StoredCaptures.Classification classification) {
    }

    private Built build(Path file, StoredCaptures.Query query, Format format) throws IOException, SQLException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StoredCaptures.Classification classification = new StoredCaptures.Classification();
        long[] counts = new long[4]; // rows, records, skipped, bytes
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), sha256);
                Connection connection = dataSource.getConnection()) {
            StoredCaptures.select(connection, json, query, config.exportMaxRecords() + 1, row -> {
                counts[0]++;
                if (counts[0] > config.exportMaxRecords()) {
                    return;
                }
                ObjectNode line = format == Format.OPENAI_CHAT ? ExportLines.chat(json, row) : ExportLines.evaluation(json, row);
                if (line == null) {
                    counts[2]++;
                    return;
                }
                byte[] bytes = (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(bytes);
                classification.add(row);
                counts[1]++;
                counts[3] += bytes.length;
            });
        }
        return new Built(counts[0], counts[1], counts[2], counts[3], HexFormat.of().formatHex(sha256.digest()), classification);
    }

    private List<StoredCaptures.FeedbackCondition> conditions(List<FeedbackFilter> filters) {
        List<StoredCaptures.FeedbackCondition> conditions = new ArrayList<>();
        for (FeedbackFilter filter : filters == null ? List.<FeedbackFilter>of() : filters) {
            if (filter == null || filter.metric() == null) {
                throw invalidFilter("a feedback filter names a metric");
            }
            MetricConfig metric = config.metrics().get(filter.metric());
            if (metric == null) {
                throw BadRequestProblem.invalidField("unknown_metric", "The metric '" + filter.metric() + "' is not declared; declared: "
                        + config.metrics().keySet() + ".", "filters.feedback", "not a declared metric");
            }
            if (metric.type() == MetricType.FLOAT && filter.atLeast() != null && filter.equals() == null
                    && Double.isFinite(filter.atLeast())) {
                conditions.add(new StoredCaptures.FeedbackCondition(filter.metric(), filter.atLeast(), null));
            } else if (metric.type() == MetricType.BOOLEAN && filter.equals() != null && filter.atLeast() == null) {
                conditions.add(new StoredCaptures.FeedbackCondition(filter.metric(), null, filter.equals()));
            } else {
                throw invalidFilter("'" + filter.metric() + "' is a " + metric.type().name().toLowerCase(Locale.ROOT)
                        + " metric: filter a float metric with at_least (a number), a boolean one with equals (true or false); "
                        + "comments cannot be filtered on");
            }
        }
        return conditions;
    }

    private static BadRequestProblem invalidFilter(String why) {
        return BadRequestProblem.invalidField("invalid_filter", "Invalid feedback filter: " + why + ".", "filters.feedback", why);
    }

    private static String filterSummary(Request request) {
        List<String> parts = new ArrayList<>();
        if (request.feedback() != null) {
            request.feedback().forEach(f -> parts.add(f.metric() + (f.atLeast() != null ? ">=" + f.atLeast() : "=" + f.equals())));
        }
        if (request.withoutFindings()) {
            parts.add("without_findings");
        }
        if (request.maxTier() != null) {
            parts.add("max_tier=" + request.maxTier());
        }
        return parts.isEmpty() ? "none" : String.join(",", parts);
    }

    /** The lines of the two formats, from a stored capture. */
    static final class ExportLines {

        private static final String STREAMED_CHAT_CONTENT = "/choices/0/delta/content";
        private static final String STREAMED_TEXT = "/choices/0/text";

        private ExportLines() {
        }

        /**
         * A chat fine-tuning example: the captured request's messages (system, developer as system,
         * user, assistant, each with text content) and the captured answer as the last assistant
         * message; null when the capture is not a chat call with a text answer in that shape
         * (tool messages or calls, non-text parts, an error).
         */
        static ObjectNode chat(ObjectMapper json, StoredCaptures.Row row) {
            JsonNode messages = row.request() == null ? null : row.request().get("messages");
            String answer = answerText(row);
            if (messages == null || !messages.isArray() || messages.isEmpty() || answer == null || row.status() != 200) {
                return null;
            }
            ObjectNode line = json.createObjectNode();
            ArrayNode out = line.putArray("messages");
            for (JsonNode message : messages) {
                String role = message.path("role").asText("");
                String text = text(message.get("content"));
                if (!Set.of("system", "developer", "user", "assistant").contains(role) || text == null || message.has("tool_calls")) {
                    return null;
                }
                out.addObject().put("role", "developer".equals(role) ? "system" : role).put("content", text);
            }
            out.addObject().put("role", "assistant").put("content", answer);
            return line;
        }

        /**
         * An evaluation example: {@code input} (the request's messages, or its prompt or input),
         * {@code reference_output} (the captured answer's text) and {@code metadata} (ids, time,
         * variant, model, capture mode, tier, finding types, the latest boolean and float feedback);
         * null when the capture has no text answer.
         */
        static ObjectNode evaluation(ObjectMapper json, StoredCaptures.Row row) {
            String answer = answerText(row);
            if (row.request() == null || answer == null || row.status() != 200) {
                return null;
            }
            ObjectNode line = json.createObjectNode();
            ObjectNode input = line.putObject("input");
            for (String member : List.of("messages", "prompt", "input", "instructions")) {
                if (row.request().has(member)) {
                    input.set(member, row.request().get(member));
                }
            }
            if (input.isEmpty()) {
                return null;
            }
            line.put("reference_output", answer);
            ObjectNode metadata = line.putObject("metadata");
            metadata.put("inference_id", row.inferenceId().toString());
            metadata.put("captured_at", row.capturedAt().toString());
            metadata.put("route", row.route());
            metadata.put("variant", row.variant());
            metadata.put("model", row.model());
            metadata.put("capture_mode", row.mode());
            metadata.put("tier", row.tier());
            metadata.putPOJO("finding_types", row.findingTypes());
            metadata.set("feedback", row.feedback() == null ? json.createObjectNode() : row.feedback());
            return line;
        }

        /** The answer's text: a chat message's or a completion's, whole or assembled from a stream; null when there is none. */
        static String answerText(StoredCaptures.Row row) {
            JsonNode answer = row.answer();
            if (answer == null) {
                return null;
            }
            if (answer.path("stream").asBoolean(false)) {
                JsonNode texts = answer.path("texts");
                JsonNode text = texts.has(STREAMED_CHAT_CONTENT) ? texts.get(STREAMED_CHAT_CONTENT) : texts.get(STREAMED_TEXT);
                return text != null && text.isTextual() && !text.textValue().isEmpty() ? text.textValue() : null;
            }
            JsonNode choice = answer.path("choices").path(0);
            JsonNode content = choice.path("message").has("tool_calls") ? null : choice.path("message").get("content");
            String text = content == null ? null : text(content);
            if (text == null && choice.path("text").isTextual()) {
                text = choice.path("text").textValue();
            }
            return text == null || text.isEmpty() ? null : text;
        }

        /** A message content as text: a string, or the texts of its text parts joined; null for anything else. */
        private static String text(JsonNode content) {
            if (content == null) {
                return null;
            }
            if (content.isTextual()) {
                return content.textValue();
            }
            if (!content.isArray()) {
                return null;
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    return null;
                }
                text.append(part.path("text").textValue());
            }
            return text.toString();
        }
    }
}
