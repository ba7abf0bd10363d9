package io.tiergate.http;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUIDv7 (RFC 9562, section 5.7): 48 bits of Unix time in milliseconds, then 74 random bits. Ids
 * made one after the other sort by time, so a B-tree index over them grows at its right edge
 * instead of touching a random page per insert (and writing a full-page image of it after each
 * checkpoint), which is what random (v4) ids cost the audit log's indexes. The random part comes
 * from the same source as {@link UUID#randomUUID()}: the ids stay unguessable.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    /** A new UUIDv7 for the current time. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    /** A new UUIDv7 for {@code epochMillis} (its random part fresh). */
    public static UUID at(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16
                | 0x7000L
                | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long low = 0x8000_0000_0000_0000L | ((random[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(high, low);
    }
}
