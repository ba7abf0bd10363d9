package io.tiergate.proxy.payload;

import io.vertx.mutiny.core.buffer.Buffer;

/**
 * Walks a payload as it streams by, chunk after chunk, and gives back what may be forwarded of
 * it: every string classified, declared Tier 2 fields masked, findings of the obliged types
 * replaced by placeholders. Holds no more than the current chunk and the value being read; not
 * thread-safe (one per response, fed in order).
 */
public interface PayloadWalker {

    /** Takes the next chunk of the upstream's body; returns what may be sent now (possibly empty). */
    Buffer feed(Buffer chunk);

    /** The body has ended: returns the rest; throws {@link PayloadException} if it was malformed or cut short. */
    Buffer finish();

    /** What the walk found and did so far. */
    WalkReport report();
}
