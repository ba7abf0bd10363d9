package io.tiergate.gate;

import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.gate.DecisionRecorder.DecisionRecord;
import io.tiergate.http.RequestMeta;
import io.tiergate.http.TimeOrderedIds;
import io.tiergate.ops.Telemetry;
import io.tiergate.policy.Decision;
import io.tiergate.policy.Decision.ObligationKind;
import io.tiergate.policy.PolicyEngine;
import io.tiergate.policy.PolicyInput;
import io.tiergate.policy.PolicyInput.AccessRequestFacts;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Context;
import io.tiergate.policy.PolicyInput.Grant;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceRef;
import io.tiergate.policy.PolicyInput.Subject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The policy enforcement point: builds the input, asks the engine, records the decision (in the
 * audit log, through {@link DecisionRecorder}) and only then lets an allowed request go on. A deny, an engine failure or an audit
 * failure ends the request with a problem document; nothing is forwarded without its record.
 */
@ApplicationScoped
public class Enforcer {

    @Inject PolicyEngine engine;
    @Inject DecisionRecorder recorder;
    @Inject SubjectSource subjects;
    @Inject GrantSource grants;
    @Inject Clock clock;
    @Inject Telemetry telemetry;

    /**
     * One access to authorize. {@code supported} lists the obligations the caller can fulfil;
     * {@code accessRequest} carries the facts of an access request being decided (else null);
     * {@code auditDetails} says what was asked for, for the audit row (e.g. a path and the names of
     * the query parameters; never values that could hold data).
     */
    public record Access(Action action, Resource resource, Content content, String purpose, Set<ObligationKind> supported,
            AccessRequestFacts accessRequest, String auditDetails) {

        public Access(Action action, Resource resource, Content content, String purpose, Set<ObligationKind> supported,
                AccessRequestFacts accessRequest) {
            this(action, resource, content, purpose, supported, accessRequest, "");
        }

        public Access(Action action, Resource resource, Content content, String purpose, Set<ObligationKind> supported) {
            this(action, resource, content, purpose, supported, null, "");
        }
    }

    /** An allowed access: the decision id to correlate with the audit log, the obligations to fulfil, who was allowed. */
    public record Authorization(UUID decisionId, Decision decision, Subject subject) {
    }

    /** Decides, records, and returns the authorization; throws {@link AccessDeniedException} on a deny. */
    public Authorization authorize(SecurityIdentity identity, Access access, RequestMeta meta) {
        Instant now = clock.instant();
        Subject subject = subjects.subjectOf(identity);
        long nowSeconds = now.getEpochSecond();
        PolicyInput input = new PolicyInput(subject, access.action(), access.resource(), access.content(),
                new Context(access.purpose(), nowSeconds, grantsOf(subject, access, nowSeconds), access.accessRequest()));
        Decision decision = telemetry.policyDecision(engine.name(), () -> engine.decide(input)).requireSupported(access.supported());
        UUID decisionId = TimeOrderedIds.next();
        recorder.recordDurably(new DecisionRecord(decisionId, now, meta.requestId(), meta.clientRequestId(), meta.traceId(),
                input, subjects.nameOf(identity), decision, engine.name(), engine.revision(), access.auditDetails(), null));
        if (!decision.allow()) {
            throw AccessDeniedException.of(decisionId, decision, input);
        }
        return new Authorization(decisionId, decision, subject);
    }

    /**
     * Grants only ever cover Tier 2 access to a dataset or LLM route (docs/POLICY-CONTRACT.md), so
     * they are looked up only when the decision touches Tier 2 (the resource, its declared fields, or
     * the content): a Tier 1 call costs no query.
     */
    private List<Grant> grantsOf(Subject subject, Access access, long nowSeconds) {
        boolean tier2 = access.resource().tier() == 2 || access.content().tier() == 2
                || access.resource().attributes().containsKey(PolicyInput.TIER2_FIELDS);
        return switch (access.resource().kind()) {
            case DATASET, LLM_ROUTE -> tier2
                    ? grants.activeGrants(subject.id(), new ResourceRef(access.resource().kind(), access.resource().name()), nowSeconds)
                    : List.of();
            default -> List.of();
        };
    }
}
