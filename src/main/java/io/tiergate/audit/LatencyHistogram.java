package io.tiergate.audit;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free latency histogram with about 3 % resolution (32 sub-buckets per power of two of
 * microseconds), for the gateway's own overhead figures (docs/PERFORMANCE.md).
 */
public final class LatencyHistogram {

    private static final int SUB = 32;
    private final AtomicLongArray buckets = new AtomicLongArray(40 * SUB);
    private final LongAdder count = new LongAdder();

    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        buckets.incrementAndGet(index(micros));
        count.increment();
    }

    public long count() {
        return count.sum();
    }

    /** The latency in microseconds below which {@code quantile} (0..1) of the recorded values lie. */
    public long percentileMicros(double quantile) {
        long total = 0;
        long[] snapshot = new long[buckets.length()];
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = buckets.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= Math.max(1, rank)) {
                return upperBound(i);
            }
        }
        return upperBound(snapshot.length - 1);
    }

    /** p50/p90/p99/max-bucket summary, for logs. */
    public String summary() {
        return String.format("n=%d p50=%dus p90=%dus p99=%dus p99.9=%dus", count(), percentileMicros(0.5),
                percentileMicros(0.9), percentileMicros(0.99), percentileMicros(0.999));
    }

    static int index(long micros) {
        if (micros < SUB) {
            return (int) micros;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(micros); // >= 5
        int sub = (int) (micros >>> (magnitude - 5)) - SUB;     // 0..31
        return Math.min((magnitude - 4) * SUB + sub, 40 * SUB - 1);
    }

    static long upperBound(int index) {
        if (index < SUB) {
            return index;
        }
        int magnitude = index / SUB + 4;
        long sub = index % SUB + SUB;
        return ((sub + 1) << (magnitude - 5)) - 1;
    }
}
