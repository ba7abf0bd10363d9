package io.tiergate.testing;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's clock in tests: the system clock shifted by an offset a test may move forward
 * (to expire grants and requests without waiting) and must {@link #reset()} afterwards.
 */
@Singleton
public class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves the gateway's time forward. */
    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    /** Back to the real time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the gateway works in UTC");
    }
}
