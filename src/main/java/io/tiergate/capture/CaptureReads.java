package io.tiergate.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.CaptureStore;
import io.tiergate.catalog.LlmRoute;
import io.tiergate.gate.Enforcer;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.http.RequestMeta;
import io.tiergate.http.UnavailableProblem;
import io.tiergate.policy.PolicyInput.Action;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

/**
 * Reading a route's captures, a page at a time: the page is read, classified (its captures' tiers
 * and finding types) and decided as a {@code dataset.read} of the route's capture store
 * ({@code captures/<route>}), like any dataset: Tier 1 captures with a purpose, Tier 2 (redacted)
 * captures, or any of a Tier 2 store, under a grant for the store. Nothing is returned before the
 * decision is durable in the audit log.
 */
@ApplicationScoped
public class CaptureReads {

    private static final Logger LOG = Logger.getLogger(CaptureReads.class);
    static final int MAX_LIMIT = 1000;

    @Inject Catalog catalog;
    @Inject Enforcer enforcer;
    @Inject DataSource dataSource;
    @Inject ObjectMapper json;
    @Inject Clock clock;

    /** One page: the decision that let it out, its captures, and the cursor of the next page (null on the last). */
    public record Page(String dataset, @JsonProperty("decision_id") UUID decisionId, List<CaptureView> captures,
            @Schema(nullable = true) String next) {
    }

    /**
     * One capture as stored: the request and the answer as JSON (the canonical request and the
     * answer as they went for {@code full}, with placeholders for {@code redacted}; a streamed
     * answer as its assembled texts), and the latest boolean and float feedback per metric.
     */
    public record CaptureView(@JsonProperty("inference_id") UUID inferenceId, @JsonProperty("captured_at") Instant capturedAt,
            String route, @Schema(nullable = true) String variant, @Schema(nullable = true) String model, String purpose,
            @JsonProperty("capture_mode") String captureMode, int tier, @JsonProperty("finding_types") List<String> findingTypes,
            int status, @JsonProperty("latency_ms") int latencyMs, @Schema(nullable = true) @JsonProperty("ttft_ms") Integer ttftMs,
            @Schema(nullable = true) Map<String, Object> usage, Map<String, Object> request,
            @Schema(nullable = true) Map<String, Object> answer, Map<String, Object> feedback) {
    }

    /**
     * The captures of {@code route} in {@code [from, to)} (defaults: the route's retention up to now),
     * after {@code cursor}, at most {@code limit}, of at most {@code maxTier} when given.
     */
    public Page read(SecurityIdentity caller, RequestMeta meta, String route, String purpose, Instant from, Instant to,
            Integer limit, Integer maxTier, String cursor) {
        LlmRoute declared = catalog.route(route).orElseThrow(() -> new NotFoundProblem("unknown_route",
                "There is no LLM route '" + route + "', so no capture store of it."));
        CaptureStore store = catalog.captureStoreOf(route).orElseThrow();
        int pageSize = limit == null ? 100 : limit;
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw BadRequestProblem.invalidField("invalid_limit", "limit must be from 1 to " + MAX_LIMIT + ".", "limit",
                    "must be from 1 to " + MAX_LIMIT);
        }
        Instant until = to == null ? clock.instant() : to;
        Instant since = from == null ? until.minus(declared.capture().retention()) : from;
        checkRange(since, until);
        checkTier(maxTier, "max_tier");
        StoredCaptures.Query query = new StoredCaptures.Query(route, since, until, parseCursor(cursor), maxTier, List.of(), false,
                List.of());
        List<StoredCaptures.Row> rows = new ArrayList<>(pageSize + 1);
        try (Connection connection = dataSource.getConnection()) {
            StoredCaptures.select(connection, json, query, pageSize + 1, rows::add);
        } catch (SQLException | java.io.IOException e) {
            LOG.warnf("the capture store could not be read: %s", e.getMessage());
            throw storeUnavailable();
        }
        boolean more = rows.size() > pageSize;
        List<StoredCaptures.Row> page = more ? rows.subList(0, pageSize) : rows;
        StoredCaptures.Classification classification = new StoredCaptures.Classification();
        page.forEach(classification::add);
        Enforcer.Authorization authorization = enforcer.authorize(caller, new Enforcer.Access(Action.DATASET_READ,
                store.policyResource(), classification.content(), purpose, Set.of(), null,
                "from=" + since + "; to=" + until + (maxTier == null ? "" : "; max_tier=" + maxTier) + "; captures=" + page.size()), meta);
        List<CaptureView> captures = new ArrayList<>(page.size());
        page.forEach(row -> captures.add(view(row)));
        String next = more ? cursorOf(page.get(page.size() - 1)) : null;
        return new Page(store.name(), authorization.decisionId(), captures, next);
    }

    private CaptureView view(StoredCaptures.Row row) {
        return new CaptureView(row.inferenceId(), row.capturedAt(), row.route(), row.variant(), row.model(), row.purpose(), row.mode(),
                row.tier(), row.findingTypes(), row.status(), row.latencyMs(), row.ttftMs(), map(row.usage()), map(row.request()),
                map(row.answer()), row.feedback() == null ? Map.of() : map(row.feedback()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(JsonNode node) {
        return node == null || !node.isObject() ? null : json.convertValue(node, Map.class);
    }

    static void checkRange(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw BadRequestProblem.invalidField("invalid_range", "from (" + from + ") must be before to (" + to + ").", "from",
                    "must be before to");
        }
    }

    static void checkTier(Integer tier, String field) {
        if (tier != null && tier != 1 && tier != 2) {
            throw BadRequestProblem.invalidField("invalid_tier", field + " must be 1 or 2.", field, "must be 1 or 2");
        }
    }

    static UnavailableProblem storeUnavailable() {
        return new UnavailableProblem("capture_store_unavailable", "Capture store unavailable",
                "The captures could not be read. Retry later.");
    }

    private static String cursorOf(StoredCaptures.Row row) {
        String position = row.capturedAt().toString() + "," + row.inferenceId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static StoredCaptures.Position parseCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(",", 2);
            return new StoredCaptures.Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw BadRequestProblem.invalidField("invalid_cursor", "cursor is not one this endpoint returned (next).", "cursor",
                    "not a cursor of this endpoint");
        }
    }
}
