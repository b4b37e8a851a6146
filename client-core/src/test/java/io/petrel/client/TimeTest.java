package io.petrel.client;

import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeTest {

    @Test
    void ofReadsTheWallClockAndTheCounterItIsGiven() {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime);
        assertEquals(clock.millis(), time.milliseconds());
        assertEquals(clock.nanoTime(), time.nanoseconds());
        long millis = time.milliseconds();
        long nanos = time.nanoseconds();

        clock.advance(Duration.ofMillis(250));

        assertEquals(millis + 250, time.milliseconds());
        assertEquals(nanos + 250_000_000L, time.nanoseconds());
    }

    @Test
    void ofRefusesMissingSources() {
        ManualClock clock = new ManualClock();
        assertEquals("wall", assertThrows(NullPointerException.class, () -> Time.of(null, clock::nanoTime)).getMessage());
        assertEquals("nanoTime", assertThrows(NullPointerException.class, () -> Time.of(clock, null)).getMessage());
    }
}
