package io.tiergate.policy;

import com.fasterxml.jackson.annotation.JsonValue;

/** Data tiers: Tier 1 may be shared under managed conditions; Tier 2 needs the privacy team's approval. */
public enum Tier {
    TIER_1(1),
    TIER_2(2);

    private final int level;

    Tier(int level) {
        this.level = level;
    }

    /** 1 or 2, as the policy and the API see it. */
    @JsonValue
    public int level() {
        return level;
    }

    public static Tier of(int level) {
        return switch (level) {
            case 1 -> TIER_1;
            case 2 -> TIER_2;
            default -> throw new IllegalArgumentException("tier must be 1 or 2, not " + level);
        };
    }

    public Tier max(Tier other) {
        return level >= other.level ? this : other;
    }
}
