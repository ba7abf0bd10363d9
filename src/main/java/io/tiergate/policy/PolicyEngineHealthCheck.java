package io.tiergate.policy;

import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Context;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.SubjectType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the policy engine answers a probe decision: no engine, no traffic. */
@Readiness
@ApplicationScoped
public class PolicyEngineHealthCheck implements HealthCheck {

    @Inject PolicyEngine engine;
    @Inject Clock clock;

    @Override
    public HealthCheckResponse call() {
        PolicyInput probe = new PolicyInput(
                new Subject("tiergate-health-probe", SubjectType.SERVICE, List.of(), List.of()),
                Action.AUDIT_READ,
                new Resource(ResourceKind.AUDIT_LOG, "audit-log", 2, "", Map.of()),
                Content.none(),
                new Context("", clock.instant().getEpochSecond(), List.of()));
        Decision decision = engine.decide(probe);
        boolean answered = decision.reasons().stream().noneMatch(ReasonCodes.ENGINE_FAILURES::contains);
        return HealthCheckResponse.named("policy-engine")
                .status(answered)
                .withData("engine", engine.name())
                .withData("revision", engine.revision())
                .withData("probe", String.join(",", decision.reasons()))
                .build();
    }
}
