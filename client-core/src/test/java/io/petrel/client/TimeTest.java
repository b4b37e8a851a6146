package io.petrel.client;

import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeTest {

    @Test
    void ofReadsTheWallClockAndTheCounterItIsGiven() {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        assertEquals(clock.millis(), time.milliseconds());
        assertEquals(clock.nanoTime(), time.nanoseconds());
        long millis = time.milliseconds();
        long nanos = time.nanoseconds();

        clock.advance(Duration.ofMillis(250));

        assertEquals(millis + 250, time.milliseconds());
        assertEquals(nanos + 250_000_000L, time.nanoseconds());
    }

    @Test
    void ofSleepsThroughWhatItIsGivenAndOnlyForMoreThanZero() throws InterruptedException {
        ManualClock clock = new ManualClock();
        List<Long> slept = new ArrayList<>();
        Time time = Time.of(clock, clock::nanoTime, slept::add);
        time.sleep(0);
        time.sleep(-5);
        time.sleep(40);
        assertEquals(List.of(40L), slept);

        Time manual = Time.of(clock, clock::nanoTime, clock::sleep);
        long before = manual.nanoseconds();
        manual.sleep(1500);
        assertEquals(before + 1_500_000_000L, manual.nanoseconds(), "a manual clock moves on instead of blocking");
    }

    @Test
    void ofRefusesMissingSources() {
        ManualClock clock = new ManualClock();
        assertEquals("wall", assertThrows(NullPointerException.class,
                () -> Time.of(null, clock::nanoTime, clock::sleep)).getMessage());
        assertEquals("nanoTime", assertThrows(NullPointerException.class,
                () -> Time.of(clock, null, clock::sleep)).getMessage());
        assertEquals("sleep", assertThrows(NullPointerException.class,
                () -> Time.of(clock, clock::nanoTime, null)).getMessage());
    }
}
