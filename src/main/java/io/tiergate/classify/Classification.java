package io.tiergate.classify;

import io.tiergate.policy.PolicyInput.FindingCount;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The classifier's verdict on one text: its tier and its findings, ordered by position. */
public record Classification(Tier tier, List<Finding> findings) {

    public Classification {
        findings = List.copyOf(findings);
    }

    /** A text with nothing of note: Tier 1. */
    public static final Classification CLEAN = new Classification(Tier.TIER_1, List.of());

    /** Finding types with their counts, sorted by type: what the policy and the audit log may see. */
    public List<FindingCount> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        findings.forEach(f -> counts.merge(f.type(), 1, Integer::sum));
        return counts.entrySet().stream().map(e -> new FindingCount(e.getKey(), e.getValue())).toList();
    }
}
