package io.tiergate.classify;

import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classifier's verdict on one text: its tier (the highest tier of its findings) and its
 * findings, ordered by position. A text the engine could not finish within its time budget
 * carries an {@code UNSCANNED} finding and is Tier 2.
 */
public record Classification(Tier tier, List<Finding> findings) {

    public Classification {
        findings = List.copyOf(findings);
    }

    /** A text with nothing of note: Tier 1. */
    public static final Classification CLEAN = new Classification(Tier.TIER_1, List.of());

    /** The verdict on a text with these findings. */
    public static Classification of(List<Finding> findings) {
        Tier tier = Tier.TIER_1;
        for (Finding f : findings) {
            tier = tier.max(f.tier());
        }
        List<Finding> ordered = new ArrayList<>(findings);
        ordered.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end).thenComparing(Finding::type));
        return findings.isEmpty() ? CLEAN : new Classification(tier, ordered);
    }

    /** Whether the engine scanned all of the text within its budget. */
    public boolean complete() {
        return findings.stream().noneMatch(f -> FindingTypes.UNSCANNED.equals(f.type()));
    }

    /**
     * Finding types with their tier and count, sorted by type and tier: all the policy and the audit
     * log may see of the findings.
     */
    public List<FindingCount> counts() {
        Map<String, Map<Integer, Integer>> counts = new TreeMap<>();
        findings.forEach(f -> counts.computeIfAbsent(f.type(), t -> new TreeMap<>()).merge(f.tier().level(), 1, Integer::sum));
        List<FindingCount> result = new ArrayList<>();
        counts.forEach((type, byTier) -> byTier.forEach((tier, count) -> result.add(new FindingCount(type, tier, count))));
        return result;
    }
}
