package io.tiergate.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * A route's variants: those that answer calls (weighted, one of them the baseline) and the
 * shadows that receive copies. An episode is assigned by a stable hash of the route and the
 * episode, so the same episode always meets the same variant, on every gateway instance.
 */
public final class Variants {

    private final List<Variant> live;
    private final List<Variant> shadows;
    private final Variant baseline;
    private final double totalWeight;

    /** {@code live} in a stable order (by name), exactly one of them the baseline; shadows none or more. */
    Variants(List<Variant> live, List<Variant> shadows) {
        this.live = List.copyOf(live);
        this.shadows = List.copyOf(shadows);
        List<Variant> baselines = live.stream().filter(Variant::baseline).toList();
        if (baselines.size() != 1) {
            throw new IllegalArgumentException("exactly one baseline variant, not " + baselines.size());
        }
        this.baseline = baselines.get(0);
        this.totalWeight = live.stream().mapToDouble(Variant::weight).sum();
    }

    /** Whether the route declares variants (else its one variant is the implicit one: the route itself). */
    public boolean declared() {
        return !baseline.implicit();
    }

    public Variant baseline() {
        return baseline;
    }

    /** The variants that answer calls, by name. */
    public List<Variant> live() {
        return live;
    }

    /** The shadow variants, by name. */
    public List<Variant> shadows() {
        return shadows;
    }

    /** The variant of that name, live or shadow. */
    public Optional<Variant> named(String name) {
        return java.util.stream.Stream.concat(live.stream(), shadows.stream()).filter(v -> v.name().equals(name)).findFirst();
    }

    /** The variant that answers {@code episode}'s calls on {@code route}: the same for the same two, always. */
    public Variant assign(String route, String episode) {
        if (live.size() == 1) {
            return live.get(0);
        }
        double point = unitInterval(route, episode) * totalWeight;
        double upTo = 0;
        for (Variant variant : live) {
            upTo += variant.weight();
            if (point < upTo) {
                return variant;
            }
        }
        return live.get(live.size() - 1);
    }

    /** The first 53 bits of SHA-256(route, NUL, episode) as a number in [0, 1). */
    static double unitInterval(String route, String episode) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha256.update(route.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        byte[] digest = sha256.digest(episode.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }
}
