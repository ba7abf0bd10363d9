package io.tiergate.policy.embedded;

import io.tiergate.policy.Decision;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The decisions one policy module gave, keyed by the exact bytes of the input it was given, kept
 * for the second of the input's {@code context.now} only.
 *
 * <p>Why this is safe: a module the embedded engine runs calls no host builtin (no clock, no
 * randomness, no network: {@link OpaWasmModule} refuses one that would) and its data document is
 * empty, so its answer is a function of the input bytes alone. Everything a decision may depend on
 * is in those bytes: the subject and its roles, the action, the resource, the content summary, the
 * purpose, the time ({@code now}) and every active grant with its expiry, read from the grant store
 * for each call. A revoked grant is missing from the next input, an expired one is outlived by the
 * input's {@code now}: either way the bytes differ and the module is asked. A changed policy is a
 * new module, with a new engine and an empty memo. An entry lives no longer than the second of its
 * {@code now}, so no grant expiry (whole seconds) can fall inside its life. The memo keeps no
 * decision id: the enforcement point gives each decision its own id and audit event.
 */
final class DecisionMemo {

    /** Inputs longer than this are not kept (a long purpose, say): the memo stays small whatever callers send. */
    static final int MAX_INPUT_BYTES = 16 * 1024;

    private final int capacity;
    private final AtomicReference<Second> current = new AtomicReference<>(new Second(Long.MIN_VALUE));
    private final AtomicLong hits = new AtomicLong();

    /** At most {@code capacity} distinct inputs (of at most {@value #MAX_INPUT_BYTES} bytes) per second; past it, decisions are not kept. */
    DecisionMemo(int capacity) {
        this.capacity = capacity;
    }

    /** The decision already taken on exactly {@code input} (its {@code now} in {@code second}), or null. */
    Decision get(long second, byte[] input) {
        Second memo = current.get();
        if (memo.second != second) {
            return null;
        }
        Decision decision = memo.decisions.get(new Key(input));
        if (decision != null) {
            hits.incrementAndGet();
        }
        return decision;
    }

    /** Keeps the module's decision on {@code input}, if its second is the current one (or a later one). */
    void put(long second, byte[] input, Decision decision) {
        if (input.length > MAX_INPUT_BYTES) {
            return;
        }
        Second memo = current.get();
        while (memo.second < second) {
            Second next = new Second(second);
            if (current.compareAndSet(memo, next)) {
                memo = next;
            } else {
                memo = current.get();
            }
        }
        if (memo.second == second && memo.decisions.size() < capacity) {
            memo.decisions.putIfAbsent(new Key(input), decision);
        }
    }

    /** Decisions served from the memo since the engine started. */
    long hits() {
        return hits.get();
    }

    private static final class Second {
        final long second;
        final ConcurrentHashMap<Key, Decision> decisions = new ConcurrentHashMap<>();

        Second(long second) {
            this.second = second;
        }
    }

    /** An input's bytes, compared by content. */
    private static final class Key {
        final byte[] bytes;
        final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && Arrays.equals(key.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
