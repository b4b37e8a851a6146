package io.petrel.producer;

import io.petrel.client.Time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so: linger, timeouts and backoff without sleeping. */
public final class ManualTime implements Time {
    private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));
    private final long epochMsAtStart = 1_700_000_000_000L;
    private final long startNanos = nanos.get();

    @Override
    public long milliseconds() {
        return epochMsAtStart + TimeUnit.NANOSECONDS.toMillis(nanos.get() - startNanos);
    }

    @Override
    public long nanoseconds() {
        return nanos.get();
    }

    /** Moves the clock on by {@code ms} at once: code that backs off through {@link Time#sleep} never blocks. */
    @Override
    public void sleep(long ms) {
        advanceMs(Math.max(0, ms));
    }

    public void advanceMs(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }
}
