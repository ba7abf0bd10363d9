package io.tiergate.classify;

import io.tiergate.policy.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects what detectors report for one text, giving each finding the tier its type maps to. */
public final class Findings {

    private final Map<String, Tier> tiers;
    private final List<Finding> found = new ArrayList<>();

    Findings(Map<String, Tier> tiers) {
        this.tiers = tiers;
    }

    /** Reports a finding at the tier configured for its type. */
    public void add(String type, int start, int end, double score, String detector) {
        add(type, start, end, score, detector, tierOf(type));
    }

    /** Reports a finding at an explicit tier (an allow-listed value, customer code). */
    public void add(String type, int start, int end, double score, String detector, Tier tier) {
        if (start < end) {
            found.add(new Finding(type, start, end, score, detector, tier));
        }
    }

    /** The tier a finding of {@code type} gives a text: configured, else Tier 2. */
    public Tier tierOf(String type) {
        return tiers.getOrDefault(type, Tier.TIER_2);
    }

    List<Finding> all() {
        return found;
    }
}
