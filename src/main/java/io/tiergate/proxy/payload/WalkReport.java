package io.tiergate.proxy.payload;

import io.tiergate.policy.PolicyInput.FindingCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a walk found and did: Tier 2 findings outside the declared Tier 2 fields (by generalized
 * pointer and type, never values), the declared fields it masked, the finding types it redacted,
 * and how many bytes and records it read. Bounded: at most {@value #MAX_POINTERS} pointers are kept.
 */
public final class WalkReport {

    static final int MAX_POINTERS = 64;

    private final Map<String, Set<String>> undeclared = new TreeMap<>();
    private final Map<String, Map<Integer, Integer>> counts = new TreeMap<>();
    private final Set<String> masked = new TreeSet<>();
    private final Set<String> redacted = new TreeSet<>();
    private long bytesIn;
    private long records;
    private boolean truncatedPointers;

    void undeclared(String pointer, String type, int tier) {
        counts.computeIfAbsent(type, t -> new TreeMap<>()).merge(tier, 1, Integer::sum);
        if (tier < 2) {
            return;
        }
        Set<String> types = undeclared.get(pointer);
        if (types == null) {
            if (undeclared.size() >= MAX_POINTERS) {
                truncatedPointers = true;
                return;
            }
            types = new TreeSet<>();
            undeclared.put(pointer, types);
        }
        types.add(type);
    }

    void masked(String pointer) {
        masked.add(pointer);
    }

    void redacted(String type) {
        redacted.add(type);
    }

    void read(long bytes) {
        bytesIn += bytes;
    }

    void record() {
        records++;
    }

    /** Tier 2 findings outside declared fields: pointer ({@code *} for indices) to finding types. */
    public Map<String, Set<String>> undeclaredTier2() {
        return undeclared;
    }

    public boolean hasUndeclaredTier2() {
        return !undeclared.isEmpty() || truncatedPointers;
    }

    /** Findings by type and tier, as the policy and the audit log count them. */
    public List<FindingCount> findingCounts() {
        List<FindingCount> result = new ArrayList<>();
        counts.forEach((type, byTier) -> byTier.forEach((tier, n) -> result.add(new FindingCount(type, tier, n))));
        return result;
    }

    public int contentTier() {
        return counts.values().stream().anyMatch(byTier -> byTier.containsKey(2)) ? 2 : 1;
    }

    public Set<String> maskedPointers() {
        return masked;
    }

    public Set<String> redactedTypes() {
        return redacted;
    }

    public long bytesRead() {
        return bytesIn;
    }

    public long records() {
        return records;
    }

    /** A short {@code key=value} summary for the audit row's details: pointers and types only. */
    public String summary() {
        StringBuilder out = new StringBuilder("bytes=").append(bytesIn).append(" records=").append(records);
        if (!masked.isEmpty()) {
            out.append(" masked=").append(String.join(",", masked));
        }
        if (!redacted.isEmpty()) {
            out.append(" redacted=").append(String.join(",", redacted));
        }
        if (hasUndeclaredTier2()) {
            out.append(" undeclared_tier2=");
            List<String> entries = new ArrayList<>();
            undeclared.forEach((pointer, types) -> entries.add(pointer + ":" + String.join("|", types)));
            out.append(String.join(",", entries));
            if (truncatedPointers) {
                out.append(",…");
            }
        }
        return out.toString();
    }
}
