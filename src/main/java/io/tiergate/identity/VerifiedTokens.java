package io.tiergate.identity;

import io.quarkus.security.identity.SecurityIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bearer tokens that the identity provider's keys already verified, so that the next call with
 * the same token skips the signature check (RSA over a JSON parse: a quarter of the gateway's CPU
 * per call when measured). Keyed by the SHA-256 of the token (the token itself is never kept as a
 * key), per OIDC tenant. An entry is served only
 * <ul>
 *   <li>before the token's own expiry ({@code exp}) and before {@code maxAgeSeconds} after it was
 *       verified, whichever comes first;</li>
 *   <li>while the key that signed it ({@code kid}) is still in the provider's key set: {@link
 *       #retainKeys} drops every entry of a withdrawn key.</li>
 * </ul>
 * Grants, revocations and the policy are not part of an identity: they are decided per call as before.
 */
public final class VerifiedTokens {

    /** One verified token: the identity it made, without request-bound attributes. */
    record Entry(SecurityIdentity identity, String tenant, String kid, long validUntil) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongAdder served = new LongAdder();
    private final Clock clock;
    private final int maxEntries;
    private final long maxAgeSeconds;

    public VerifiedTokens(Clock clock, int maxEntries, long maxAgeSeconds) {
        if (maxEntries < 1 || maxAgeSeconds < 1) {
            throw new IllegalArgumentException("a token cache holds at least one entry for at least one second");
        }
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** The identity verified earlier for this token in this tenant, when it may still be served. */
    public Optional<SecurityIdentity> find(String token, String tenant) {
        String key = keyOf(token);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (clock.instant().getEpochSecond() >= entry.validUntil() || !entry.tenant().equals(tenant)) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        served.increment();
        return Optional.of(entry.identity());
    }

    /** How many calls were answered from the cache since start. */
    public long served() {
        return served.sum();
    }

    /**
     * Remembers a token the provider verified just now. Nothing is kept for a token without an
     * expiry or key id, or when the cache is full of entries that are still valid.
     */
    public void remember(String token, String tenant, String kid, long expiresAt, SecurityIdentity identity) {
        long now = clock.instant().getEpochSecond();
        if (kid == null || expiresAt <= now) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> e.validUntil() <= now);
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(keyOf(token), new Entry(identity, tenant, kid, Math.min(expiresAt, now + maxAgeSeconds)));
    }

    /** Drops every entry whose signing key is not in {@code currentKids} (the provider withdrew it). */
    public int retainKeys(Set<String> currentKids) {
        int before = entries.size();
        entries.values().removeIf(e -> !currentKids.contains(e.kid()));
        return before - entries.size();
    }

    /** Drops everything (e.g. when the key set cannot be trusted any more). */
    public void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private static String keyOf(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
