package io.petrel.broker.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MonotonicClockTest {

    @Test
    void countsMillisecondsFromItsFirstReading() {
        AtomicLong nanos = new AtomicLong(123_456_789_000L);
        MonotonicClock clock = new MonotonicClock(nanos::get);
        assertEquals(0, clock.elapsedMillis());
        nanos.addAndGet(2_999_999);
        assertEquals(2, clock.elapsedMillis(), "whole milliseconds, rounded down");
        nanos.addAndGet(1);
        assertEquals(3, clock.elapsedMillis());
    }

    @Test
    void aSourceThatWrapsPastLongMaxStillCountsForward() {
        AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - 1_000_000);
        MonotonicClock clock = new MonotonicClock(nanos::get);
        nanos.addAndGet(5_000_000);
        assertEquals(5, clock.elapsedMillis(), "System.nanoTime's origin is arbitrary; only differences count");
    }
}
