package io.tiergate.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditTrail;
import io.tiergate.capture.CaptureConfig.MetricConfig;
import io.tiergate.gate.SubjectSource;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.ForbiddenProblem;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.http.RequestMeta;
import io.tiergate.http.TimeOrderedIds;
import io.tiergate.policy.AuditActions;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.SubjectType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Feedback on a captured LLM call: a value of a metric declared in {@code tiergate.capture.metrics},
 * given by the subject who made the call or by a service holding the evaluator role, stored with
 * its audit event in one transaction. Unknown calls are 404, anyone else 403, an undeclared metric
 * or a value of the wrong type or out of range 400.
 */
@ApplicationScoped
public class Feedback {

    /** Captures are looked up within this distance of the time in their (UUIDv7) id: the partitions to read. */
    private static final Duration ID_TIME_SLACK = Duration.ofHours(1);
    private static final int MAX_COMMENT = 4000;

    @Inject EntityManager entityManager;
    @Inject AuditTrail trail;
    @Inject SubjectSource subjects;
    @Inject CaptureConfig config;
    @Inject Clock clock;

    /** One recorded value. Exactly one of the values is set, as the metric's type says. */
    public record Recorded(UUID id, UUID inferenceId, String metric, Boolean booleanValue, Double floatValue, String comment,
            Instant createdAt) {
    }

    /** Records {@code value} for {@code metric} on the call {@code inferenceId}, for {@code caller}. */
    @Transactional
    public Recorded record(SecurityIdentity caller, RequestMeta meta, UUID inferenceId, String metric, JsonNode value) {
        Subject subject = subjects.subjectOf(caller);
        Object[] call = captured(inferenceId);
        if (call == null) {
            throw new NotFoundProblem("unknown_inference", "There is no captured call " + inferenceId
                    + " (it was not captured, its capture is not written yet, or it has expired).");
        }
        String maker = (String) call[0];
        boolean evaluator = subject.type() == SubjectType.SERVICE && subject.roles().contains(config.evaluatorRole());
        if (!maker.equals(subject.id()) && !evaluator) {
            throw new ForbiddenProblem("feedback_not_permitted", "Feedback not permitted",
                    "Only the subject who made the call, or a service with the " + config.evaluatorRole()
                            + " role, may give feedback on it.");
        }
        MetricConfig declared = config.metrics().get(metric);
        if (declared == null) {
            throw BadRequestProblem.invalidField("unknown_metric", "The metric '" + metric + "' is not declared; declared: "
                    + config.metrics().keySet() + ".", "metric", "not a declared metric");
        }
        Recorded recorded = checked(inferenceId, metric, declared, value);
        Instant capturedAt = call[1] instanceof Timestamp t ? t.toInstant() : (Instant) call[1];
        String route = (String) call[2];
        entityManager.createNativeQuery("insert into inference_feedback (id, inference_id, captured_at, route, metric, "
                        + "value_boolean, value_float, value_comment, subject_id, subject_type, created_at) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
                .setParameter(1, recorded.id()).setParameter(2, inferenceId).setParameter(3, Timestamp.from(capturedAt))
                .setParameter(4, route).setParameter(5, metric).setParameter(6, recorded.booleanValue())
                .setParameter(7, recorded.floatValue()).setParameter(8, recorded.comment()).setParameter(9, subject.id())
                .setParameter(10, subject.type().json()).setParameter(11, Timestamp.from(recorded.createdAt()))
                .executeUpdate();
        // the value of a boolean or float goes into the audit; a comment's text never does (it may name a person)
        String shown = recorded.comment() != null ? "comment (" + recorded.comment().length() + " characters)"
                : String.valueOf(recorded.booleanValue() != null ? recorded.booleanValue() : recorded.floatValue());
        trail.appendInCallerTransaction(AuditEvent.builder(AuditEvent.Kind.FEEDBACK, AuditActions.INFERENCE_FEEDBACK)
                .at(recorded.createdAt())
                .request(meta.requestId(), meta.traceId())
                .clientRequestId(meta.clientRequestId())
                .subject(subject.id(), subject.type().json())
                .subjectName(subjects.nameOf(caller))
                .resource("llm_route", route, null)
                .outcome("recorded")
                .reasons(List.of(maker.equals(subject.id()) ? "caller_feedback" : "evaluator_feedback"))
                .target(inferenceId.toString())
                .details("feedback=" + recorded.id() + "; metric=" + metric + "; value=" + shown)
                .build());
        return recorded;
    }

    /** The maker, time and route of a capture, or null; only the partitions around the time in its id are read. */
    private Object[] captured(UUID inferenceId) {
        Instant idTime = inferenceId.version() == 7 ? Instant.ofEpochMilli(inferenceId.getMostSignificantBits() >>> 16) : null;
        String range = idTime == null ? "" : " and captured_at between ?2 and ?3";
        var query = entityManager.createNativeQuery("select subject_id, captured_at, route from capture where inference_id = ?1"
                + range).setParameter(1, inferenceId);
        if (idTime != null) {
            query.setParameter(2, Timestamp.from(idTime.minus(ID_TIME_SLACK))).setParameter(3, Timestamp.from(idTime.plus(ID_TIME_SLACK)));
        }
        List<?> rows = query.getResultList();
        return rows.isEmpty() ? null : (Object[]) rows.get(0);
    }

    private Recorded checked(UUID inferenceId, String metric, MetricConfig declared, JsonNode value) {
        UUID id = TimeOrderedIds.next();
        Instant now = clock.instant();
        switch (declared.type()) {
            case BOOLEAN -> {
                if (value == null || !value.isBoolean()) {
                    throw invalidValue(metric, "true or false");
                }
                return new Recorded(id, inferenceId, metric, value.booleanValue(), null, null, now);
            }
            case FLOAT -> {
                double min = declared.min().orElse(Double.NEGATIVE_INFINITY);
                double max = declared.max().orElse(Double.POSITIVE_INFINITY);
                if (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < min
                        || value.doubleValue() > max) {
                    throw invalidValue(metric, "a number" + (declared.min().isPresent() || declared.max().isPresent()
                            ? " from " + min + " to " + max : ""));
                }
                return new Recorded(id, inferenceId, metric, null, value.doubleValue(), null, now);
            }
            default -> {
                if (value == null || !value.isTextual() || value.textValue().isBlank() || value.textValue().length() > MAX_COMMENT
                        || value.textValue().indexOf('\0') >= 0) {
                    throw invalidValue(metric, "a text of 1 to " + MAX_COMMENT + " characters");
                }
                return new Recorded(id, inferenceId, metric, null, null, value.textValue(), now);
            }
        }
    }

    private static BadRequestProblem invalidValue(String metric, String expected) {
        return BadRequestProblem.invalidField("invalid_feedback_value", "The value of '" + metric + "' must be " + expected + ".",
                "value", "must be " + expected);
    }
}
