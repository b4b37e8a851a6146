package io.petrel.broker.internal;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Milliseconds elapsed since this clock was made, read from a monotonic nanosecond source: what the
 * broker measures deadlines and intervals on (session timeouts, rebalance delays, flush intervals).
 *
 * <p>Why not the wall clock: an NTP step or a changed system time would expire every session at once or
 * keep dead members forever. Only differences of the nanosecond source mean anything, so the value is
 * counted from the first reading: it starts at 0, never goes back, and leaves room to add any timeout
 * without overflow. Record timestamps and retention by timestamp stay on the wall clock.
 */
public final class MonotonicClock {
    private final LongSupplier nanoTime;
    private final long origin;

    /** @param nanoTime a monotonic source such as {@code System::nanoTime}; tests pass a fake */
    public MonotonicClock(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.origin = nanoTime.getAsLong();
    }

    /** Milliseconds since this clock was made. */
    public long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - origin);
    }
}
