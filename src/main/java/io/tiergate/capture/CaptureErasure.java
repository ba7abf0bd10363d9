package io.tiergate.capture;

import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditTrail;
import io.tiergate.gate.Enforcer;
import io.tiergate.gate.Enforcer.Access;
import io.tiergate.gate.SubjectSource;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.RequestMeta;
import io.tiergate.identity.SubjectKey;
import io.tiergate.policy.AuditActions;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.ReasonCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Erasure of captured calls on request, by the subject who made them, by inference id, or (full
 * captures only) by an exact value found anywhere in their stored request or answer. Who may erase
 * is the policy's decision ({@code capture.erase}: privacy approvers). The rows go through the
 * database function {@code capture_erase} (V12), which runs as the owning role: the runtime role has
 * no DELETE on the capture store. The feedback on erased calls goes with them (a comment may quote
 * the person). The erasure and its audit event ({@code capture.erased}: the selector, a SHA-256 of
 * its value, never the value, and the counts) commit together.
 */
@ApplicationScoped
public class CaptureErasure {

    /** What a {@code capture.erase} decision is about: the captured calls of every route. */
    public static final Access ERASE = new Access(Action.CAPTURE_ERASE,
            new Resource(ResourceKind.CAPTURE_STORE, "captures", 2, "privacy-team", Map.of()), Content.none(), "erasure", Set.of());

    /** A value shorter than this would erase most full captures by accident. */
    static final int MIN_VALUE = 3;
    static final int MAX_VALUE = 1000;

    @Inject Enforcer enforcer;
    @Inject AuditTrail trail;
    @Inject SubjectSource subjects;
    @Inject EntityManager entityManager;
    @Inject Clock clock;

    /** How the captures to erase are chosen. */
    public enum Selector {
        /** The calls a subject made (its subject key, {@code issuer#sub}). */
        SUBJECT,
        /** One call, by the id the gateway returned ({@code X-Tiergate-Inference-Id}). */
        INFERENCE,
        /** Every full capture whose request or answer holds the value. */
        VALUE;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What one erasure removed; {@code decisionId} is the id of its {@code capture.erase} decision. */
    public record Erased(Selector selector, long captures, long feedback, UUID decisionId) {
    }

    /**
     * Erases what exactly one of {@code subject}, {@code inferenceId} and {@code value} selects, for
     * {@code caller}: 400 unless exactly one is given and it is well-formed, 403 unless the policy allows.
     */
    @Transactional
    public Erased erase(SecurityIdentity caller, RequestMeta meta, String subject, String inferenceId, String value) {
        int given = (subject != null ? 1 : 0) + (inferenceId != null ? 1 : 0) + (value != null ? 1 : 0);
        if (given != 1) {
            throw new BadRequestProblem("invalid_erase_selector", "Name exactly one of subject, inference_id and value "
                    + "(" + (given == 0 ? "none was given" : given + " were given") + ").");
        }
        Selector selector = subject != null ? Selector.SUBJECT : inferenceId != null ? Selector.INFERENCE : Selector.VALUE;
        String selected = checked(selector, subject != null ? subject : inferenceId != null ? inferenceId : value);
        Enforcer.Authorization authorization = enforcer.authorize(caller, ERASE, meta);
        Object[] counts = (Object[]) entityManager.createNativeQuery(
                        "select erased_captures, erased_feedback from capture_erase(?1, ?2)")
                .setParameter(1, selector.json()).setParameter(2, selected).getSingleResult();
        Erased erased = new Erased(selector, ((Number) counts[0]).longValue(), ((Number) counts[1]).longValue(),
                authorization.decisionId());
        Subject eraser = authorization.subject();
        trail.appendInCallerTransaction(AuditEvent.builder(AuditEvent.Kind.OPERATION, AuditActions.CAPTURE_ERASED)
                .at(clock.instant())
                .request(meta.requestId(), meta.traceId())
                .clientRequestId(meta.clientRequestId())
                .subject(eraser.id(), eraser.type().json())
                .subjectName(subjects.nameOf(caller))
                .resource(ERASE.resource().kind().json(), ERASE.resource().name(), ERASE.resource().tier())
                .purpose(ERASE.purpose())
                .outcome("erased")
                .reasons(List.of(ReasonCodes.CAPTURE_ERASER))
                .target(authorization.decisionId().toString())
                .details("selector=" + selector.json() + "; value_sha256=" + sha256(selected) + "; captures="
                        + erased.captures() + "; feedback=" + erased.feedback())
                .build());
        return erased;
    }

    /** The value as the database function takes it; a problem naming the field when it cannot select anything. */
    private static String checked(Selector selector, String value) {
        String field = selector == Selector.INFERENCE ? "inference_id" : selector.json();
        if (value.isBlank() || value.indexOf('\0') >= 0 || value.length() > MAX_VALUE) {
            throw invalid(field, "must be 1 to " + MAX_VALUE + " characters, not blank");
        }
        return switch (selector) {
            case INFERENCE -> {
                try {
                    yield UUID.fromString(value).toString();
                } catch (IllegalArgumentException e) {
                    throw invalid(field, "must be an inference id (a UUID, as X-Tiergate-Inference-Id gives it)");
                }
            }
            case SUBJECT -> {
                if (!SubjectKey.isKey(value)) {
                    throw invalid(field, "must be a subject key (issuer#sub, as the audit log shows it), not a username");
                }
                yield value;
            }
            case VALUE -> {
                if (value.length() < MIN_VALUE) {
                    throw invalid(field, "must be at least " + MIN_VALUE + " characters: a shorter one would erase "
                            + "captures that merely contain it");
                }
                yield value;
            }
        };
    }

    private static BadRequestProblem invalid(String field, String message) {
        return BadRequestProblem.invalidField("invalid_erase_value", "The " + field + " to erase " + message + ".", field, message);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
