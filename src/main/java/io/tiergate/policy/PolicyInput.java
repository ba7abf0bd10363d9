package io.tiergate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one document the policy decides on. Its JSON form is the policy contract
 * ({@code docs/POLICY-CONTRACT.md}, schema {@code docs/policy-input.schema.json}); a test keeps
 * the two in sync. Immutable: every list and map is copied.
 */
public record PolicyInput(Subject subject, Action action, Resource resource, Content content, Context context) {

    /** Resource attribute of a dataset that declares Tier 2 fields: their JSON pointers ({@code *} for every element). */
    public static final String TIER2_FIELDS = "tier2_fields";
    /** Resource attribute of the dataset of a route's captures ({@code captures/<route>}): always {@code true}. */
    public static final String CAPTURE_STORE = "capture_store";

    /** Who asks. */
    public record Subject(String id, SubjectType type, List<String> roles, List<String> groups) {
        public Subject {
            roles = List.copyOf(roles);
            groups = List.copyOf(groups);
        }
    }

    /** An enum the policy and the API see as its constant's name in lower case ({@code llm_route}). */
    interface JsonName {
        String name();

        @JsonValue
        default String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A person with a browser or CLI, or a service with client credentials. */
    public enum SubjectType implements JsonName {
        USER, SERVICE
    }

    /** What the subject wants to do. */
    public enum Action implements JsonName {
        DATASET_READ,
        DATASET_EXPORT,
        LLM_INVOKE,
        LLM_EMBED,
        LLM_LIST,
        LLM_RESPOND,
        AUDIT_READ,
        REPORT_READ,
        ACCESS_REQUEST,
        ACCESS_DECIDE,
        ACCESS_REVOKE,
        ACCESS_REVIEW,
        CAPTURE_ERASE;

        /** {@code dataset.read}, {@code llm.invoke}, ...: the lower-case name with dots. */
        @Override
        public String json() {
            return JsonName.super.json().replace('_', '.');
        }
    }

    /** What the action is on. For an LLM route, {@code tier} is the highest tier it may receive. */
    public record Resource(ResourceKind kind, String name, int tier, String owner, Map<String, Object> attributes) {
        public Resource {
            attributes = Map.copyOf(attributes);
        }
    }

    /** The kinds of resource the policy knows. */
    public enum ResourceKind implements JsonName {
        DATASET, LLM_ROUTE, AUDIT_LOG, ACCESS_WORKFLOW, CAPTURE_STORE
    }

    /**
     * The classifier's verdict on the payload: tier, finding types and counts, size, and what it
     * holds that cannot be scanned (left out of the JSON when there is nothing). Never values.
     */
    public record Content(int tier, List<FindingCount> findings, long bytes,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Unscannable> unscannable) {
        public Content {
            findings = List.copyOf(findings);
            unscannable = unscannable == null ? List.of() : List.copyOf(unscannable);
        }

        /** A payload with nothing unscannable in it. */
        public Content(int tier, List<FindingCount> findings, long bytes) {
            this(tier, findings, bytes, List.of());
        }

        /** The content of a request without a payload. */
        public static Content none() {
            return new Content(1, List.of(), 0);
        }
    }

    /**
     * A part of the payload no detector can read: media, inline file data, token arrays, or a
     * reference to content held elsewhere. {@code bytes} is its decoded size when the payload is
     * inline (else null); {@code pointer} is where it sits in the request (JSON pointer, keys the
     * gateway does not know shown as {@code *}).
     */
    public record Unscannable(String kind, @JsonInclude(JsonInclude.Include.NON_NULL) Long bytes, String pointer) {
    }

    /** How many findings of one type, at one tier, the payload holds (an allow-listed e-mail address is Tier 1). */
    public record FindingCount(String type, int tier, int count) {
    }

    /**
     * When and why: stated purpose, decision time (epoch seconds), the subject's grants, and for
     * {@code access.decide} the facts of the request being decided (absent otherwise).
     */
    public record Context(String purpose, long now, List<Grant> grants,
            @JsonProperty("access_request") @JsonInclude(JsonInclude.Include.NON_NULL) AccessRequestFacts accessRequest) {
        public Context {
            grants = List.copyOf(grants);
        }

        public Context(String purpose, long now, List<Grant> grants) {
            this(purpose, now, grants, null);
        }
    }

    /**
     * The access request a reviewer decides on: who asked, who has approved so far, how many
     * distinct approvals the resource needs, and whether this decision approves or denies.
     */
    public record AccessRequestFacts(String id, String requester, List<String> approvals,
            @JsonProperty("approvals_required") int approvalsRequired, Verdict verdict) {
        public AccessRequestFacts {
            approvals = List.copyOf(approvals);
        }
    }

    /** What a reviewer decides. */
    public enum Verdict implements JsonName {
        APPROVE, DENY
    }

    /** A time-bound permission for one resource and purpose. */
    public record Grant(ResourceRef resource, String purpose, @JsonProperty("expires_at") long expiresAt) {
    }

    /** Names a resource: kind and name. */
    public record ResourceRef(ResourceKind kind, String name) {
    }
}
