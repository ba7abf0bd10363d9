package io.tiergate.audit;

import java.time.Instant;
import java.util.List;

/** Decision events for the audit writer's tests: an allowed read of a Tier 1 dataset. */
final class TestDecisions {

    private TestDecisions() {
    }

    static AuditEvent handbookRead(String requestId, String subject, String subjectName) {
        return AuditEvent.builder(AuditEvent.Kind.DECISION, "dataset.read")
                .at(Instant.now())
                .request(requestId, null)
                .subject(subject, "user")
                .subjectName(subjectName)
                .resource("dataset", "dev-handbook", 1)
                .content(1, List.of())
                .purpose("onboarding")
                .allowed(true).outcome("allow")
                .reasons(List.of("tier1_access"))
                .details("")
                .policy("embedded", "test")
                .build();
    }
}
