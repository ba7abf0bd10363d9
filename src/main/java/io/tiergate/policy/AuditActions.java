package io.tiergate.policy;

import java.util.List;
import java.util.stream.Stream;

/**
 * Every action code the audit log records: the policy's own actions ({@link PolicyInput.Action}),
 * the access workflow's transitions and the notifier's failures. The one list to offer in searches.
 */
public final class AuditActions {

    public static final String ACCESS_REQUEST_CREATED = "access.request.created";
    public static final String ACCESS_REQUEST_APPROVAL_RECORDED = "access.request.approval_recorded";
    public static final String ACCESS_REQUEST_APPROVED = "access.request.approved";
    public static final String ACCESS_REQUEST_DENIED = "access.request.denied";
    public static final String ACCESS_REQUEST_WITHDRAWN = "access.request.withdrawn";
    public static final String ACCESS_REQUEST_EXPIRED = "access.request.expired";
    public static final String GRANT_CREATED = "grant.created";
    public static final String GRANT_REVOKED = "grant.revoked";
    public static final String GRANT_EXPIRED = "grant.expired";
    /** Stored usernames moved to a subject key by the one-off re-key (scripts/rekey-subjects.sh). */
    public static final String SUBJECT_REKEYED = "subject.rekeyed";
    /** A webhook notice given up after its last try. */
    public static final String NOTIFICATION_WEBHOOK = "notification.webhook";

    /** Captures the gateway dropped (queue full, or the capture writer could not write), with the count. */
    public static final String CAPTURE_DROPPED = "capture.dropped";
    /** Feedback recorded on a captured LLM call. */
    public static final String INFERENCE_FEEDBACK = "inference.feedback";
    /** Captured calls erased on request, with the selector, a SHA-256 of its value and the counts. */
    public static final String CAPTURE_ERASED = "capture.erased";

    /** The workflow's, the notifier's and the capture store's actions, in the order a request lives through them. */
    public static final List<String> EVENTS = List.of(ACCESS_REQUEST_CREATED, ACCESS_REQUEST_APPROVAL_RECORDED,
            ACCESS_REQUEST_APPROVED, ACCESS_REQUEST_DENIED, ACCESS_REQUEST_WITHDRAWN, ACCESS_REQUEST_EXPIRED, GRANT_CREATED,
            GRANT_REVOKED, GRANT_EXPIRED, SUBJECT_REKEYED, NOTIFICATION_WEBHOOK, CAPTURE_DROPPED, INFERENCE_FEEDBACK,
            CAPTURE_ERASED);

    /** Every action: the policy's decisions first, then {@link #EVENTS}. */
    public static final List<String> ALL = Stream.concat(Stream.of(PolicyInput.Action.values()).map(PolicyInput.Action::json),
            EVENTS.stream()).toList();

    private AuditActions() {
    }
}
