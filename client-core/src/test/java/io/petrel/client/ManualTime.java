package io.petrel.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Time} that moves only when a test advances it. */
public final class ManualTime implements Time {
    private final long startMillis = 1_700_000_000_000L;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long milliseconds() {
        return startMillis + nanos.get() / 1_000_000L;
    }

    @Override
    public long nanoseconds() {
        return nanos.get();
    }

    /** Moves the clock on by {@code ms} at once: code that backs off through {@link Time#sleep} never blocks. */
    @Override
    public void sleep(long ms) {
        advance(Duration.ofMillis(Math.max(0, ms)));
    }

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
