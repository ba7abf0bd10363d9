package io.tiergate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tiergate.http.RequestIds;
import io.tiergate.http.TimeOrderedIds;
import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput.FindingCount;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * One entry of the audit log: a policy decision, a workflow transition, a failed notification or
 * a correction. Who (subject), what (action, resource, tier), the outcome and its reason codes,
 * which policy answered, and the obligations applied (a JSON object, null when none). Finding
 * types and counts and ids only, never content. {@code requestId} is always the gateway's own id;
 * the caller's {@code X-Request-Id} is kept apart as {@code clientRequestId}. The time is kept to
 * the microsecond, as PostgreSQL stores it, so that the hash computed before the insert is the hash
 * of what is stored.
 */
public record AuditEvent(
        UUID eventId,
        Instant occurredAt,
        Kind kind,
        String requestId,
        String clientRequestId,
        String traceId,
        String subjectId,
        String subjectType,
        String subjectName,
        String action,
        String resourceKind,
        String resourceName,
        Integer resourceTier,
        Integer contentTier,
        List<FindingCount> findings,
        String purpose,
        Boolean allowed,
        String outcome,
        List<String> reasons,
        String targetId,
        String details,
        String policyEngine,
        String policyRevision,
        String obligations) {

    /** The longest obligations document an event may carry (characters of JSON). */
    public static final int MAX_OBLIGATIONS = 65_536;

    /** Deterministic JSON for the obligations: the text written is the text hashed. */
    private static final ObjectMapper OBLIGATIONS_JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** What an event records. */
    public enum Kind {
        /** A policy decision (allowed or not). */
        DECISION,
        /** A state change of the access workflow (request created, approved, grant revoked, ...). */
        TRANSITION,
        /** A notification that could not be delivered. */
        NOTIFICATION,
        /** Voids an earlier decision event whose request was refused after all (see {@link AuditLog}). */
        CORRECTION,
        /** What became of an allowed request after its decision: a payload's report, an upstream failure (target: the decision's id). */
        OUTCOME,
        /** Something done to the gateway's own stores: captures dropped (with the count), captures erased on request. */
        OPERATION,
        /** A subject's feedback on a captured LLM call (target: the inference id). */
        FEEDBACK;

        public String db() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Kind ofDb(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Subject type of events the gateway records on its own (expiry sweeps, notifications). */
    public static final String SYSTEM = "system";

    public AuditEvent {
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
        findings = List.copyOf(findings);
        reasons = List.copyOf(reasons);
        purpose = purpose == null ? "" : purpose;
        details = details == null ? "" : details;
        if (clientRequestId != null && !RequestIds.isSane(clientRequestId)) {
            throw new IllegalArgumentException("a client request id is 1-128 characters of [A-Za-z0-9._:-]");
        }
        if (obligations != null && (obligations.length() > MAX_OBLIGATIONS || !obligations.startsWith("{"))) {
            throw new IllegalArgumentException("obligations are a JSON object of at most " + MAX_OBLIGATIONS + " characters");
        }
        if ((kind == Kind.DECISION) != (allowed != null)) {
            throw new IllegalArgumentException("a decision, and only a decision, says whether it allowed");
        }
    }

    /**
     * Starts an event of {@code kind} about {@code action}; name only the fields this kind of event
     * has. Events the gateway records on its own default to the {@link #SYSTEM} actor.
     */
    public static Builder builder(Kind kind, String action) {
        return new Builder(kind, action);
    }

    /** Builds an {@link AuditEvent} by field name instead of by position. */
    public static final class Builder {
        private final Kind kind;
        private final String action;
        private UUID eventId = TimeOrderedIds.next();
        private Instant occurredAt;
        private String requestId;
        private String clientRequestId;
        private String traceId;
        private String subjectId = "tiergate";
        private String subjectType = SYSTEM;
        private String subjectName;
        private String resourceKind;
        private String resourceName;
        private Integer resourceTier;
        private Integer contentTier;
        private List<FindingCount> findings = List.of();
        private String purpose;
        private Boolean allowed;
        private String outcome;
        private List<String> reasons = List.of();
        private String targetId;
        private String details;
        private String policyEngine;
        private String policyRevision;
        private String obligations;

        private Builder(Kind kind, String action) {
            this.kind = kind;
            this.action = action;
        }

        public Builder eventId(UUID eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder at(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        /** The HTTP request's ids (absent for what the gateway does on its own). */
        public Builder request(String requestId, String traceId) {
            this.requestId = requestId;
            this.traceId = traceId;
            return this;
        }

        /** The caller's own {@code X-Request-Id}, when it sent a sane one (never used as the event's request id). */
        public Builder clientRequestId(String clientRequestId) {
            this.clientRequestId = clientRequestId;
            return this;
        }

        public Builder subject(String id, String type) {
            this.subjectId = id;
            this.subjectType = type;
            return this;
        }

        /** The subject's display name (its username when the event happened), recorded beside its key. */
        public Builder subjectName(String name) {
            this.subjectName = name;
            return this;
        }

        public Builder resource(String kind, String name, Integer tier) {
            this.resourceKind = kind;
            this.resourceName = name;
            this.resourceTier = tier;
            return this;
        }

        /** The classifier's verdict on the payload: its tier and finding counts. */
        public Builder content(Integer tier, List<FindingCount> findings) {
            this.contentTier = tier;
            this.findings = findings;
            return this;
        }

        public Builder purpose(String purpose) {
            this.purpose = purpose;
            return this;
        }

        /** A decision's verdict: sets {@code allowed} and the outcome {@code allow}/{@code deny}. */
        public Builder allowed(boolean allowed) {
            this.allowed = allowed;
            this.outcome = allowed ? "allow" : "deny";
            return this;
        }

        public Builder outcome(String outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder reasons(List<String> reasons) {
            this.reasons = reasons;
            return this;
        }

        /** The id of what the event is about (a request, a grant, a voided event). */
        public Builder target(String targetId) {
            this.targetId = targetId;
            return this;
        }

        public Builder details(String details) {
            this.details = details;
            return this;
        }

        public Builder policy(String engine, String revision) {
            this.policyEngine = engine;
            this.policyRevision = revision;
            return this;
        }

        /**
         * The obligations applied, e.g. {@link Decision.Obligations} or a record of what was redacted
         * and masked at which pointers: any value Jackson writes as a JSON object (map keys sorted).
         * Null, or obligations that ask for nothing, record none.
         */
        public Builder obligations(Object applied) {
            if (applied == null || Decision.Obligations.NONE.equals(applied)) {
                this.obligations = null;
                return this;
            }
            try {
                String json = OBLIGATIONS_JSON.writeValueAsString(applied);
                this.obligations = "{}".equals(json) ? null : json;
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the obligations cannot be written as JSON", e);
            }
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(eventId, occurredAt, kind, requestId, clientRequestId, traceId, subjectId, subjectType,
                    subjectName, action, resourceKind, resourceName, resourceTier, contentTier, findings, purpose, allowed,
                    outcome, reasons, targetId, details, policyEngine, policyRevision, obligations);
        }
    }
}
