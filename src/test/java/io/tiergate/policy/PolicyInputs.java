package io.tiergate.policy;

import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Context;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.PolicyInput.Grant;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.PolicyInput.ResourceRef;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.SubjectType;
import java.util.List;
import java.util.Map;

/** Sample policy inputs for tests. */
final class PolicyInputs {

    static final long NOW = 1_795_680_000L;

    private PolicyInputs() {
    }

    static PolicyInput tier1DatasetRead() {
        return new PolicyInput(
                new Subject("alice", SubjectType.USER, List.of("developer"), List.of()),
                Action.DATASET_READ,
                new Resource(ResourceKind.DATASET, "dev-handbook", 1, "platform-team", Map.of()),
                Content.none(),
                new Context("onboarding", NOW, List.of()));
    }

    /** Every field set, every list non-empty: the widest document the Java model writes. */
    static PolicyInput everyFieldSet() {
        return new PolicyInput(
                new Subject("rag-service", SubjectType.SERVICE, List.of("developer", "service"), List.of("team-a")),
                Action.LLM_INVOKE,
                new Resource(ResourceKind.LLM_ROUTE, "internal-llm", 2, "ml-platform", Map.of("external", false)),
                new Content(2, List.of(new FindingCount("EMAIL", 2, 2), new FindingCount("PAYMENT_CARD", 2, 1)), 1834),
                new Context("debugging", NOW, List.of(
                        new Grant(new ResourceRef(ResourceKind.LLM_ROUTE, "internal-llm"), "debugging", NOW + 3600))));
    }
}
