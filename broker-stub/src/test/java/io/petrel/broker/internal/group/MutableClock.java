package io.petrel.broker.internal.group;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand: the wall time, and a monotonic {@link #nanoTime()} (for
 * {@code BrokerConfig.Builder#nanoTime}) that {@link #advance} moves by the same amount.
 */
final class MutableClock extends Clock {
    private Instant now;
    /** An arbitrary origin, as System.nanoTime has: only differences mean anything. */
    private long nanos = 7_000_000_123L;

    MutableClock(Instant start) {
        this.now = start;
    }

    synchronized void advance(Duration d) {
        now = now.plus(d);
        nanos += d.toNanos();
    }

    /** Moves the wall time only, as an NTP step or a changed system clock does; {@link #nanoTime()} stays. */
    synchronized void stepWallClock(Duration d) {
        now = now.plus(d);
    }

    synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
