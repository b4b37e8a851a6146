package io.petrel.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ManualClockTest {

    @Test
    void wallTimeAndTheNanosecondCounterMoveTogetherAndOnlyWhenAdvanced() {
        ManualClock clock = new ManualClock();
        assertEquals(Instant.parse("2023-11-14T22:13:20Z"), clock.instant());
        assertEquals(1_700_000_000_000L, clock.millis());
        assertEquals(1_000_000_000L, clock.nanoTime());

        clock.advance(Duration.ofMillis(1500).plusNanos(7));
        assertEquals(Instant.parse("2023-11-14T22:13:21.500000007Z"), clock.instant());
        assertEquals(1_700_000_001_500L, clock.millis());
        assertEquals(2_500_000_007L, clock.nanoTime());
        assertEquals(Duration.ofMillis(1500).plusNanos(7), clock.elapsed());
        assertEquals(clock.millis(), clock.millis(), "still until advanced");
    }

    @Test
    void startsWhereToldAndNeverGoesBack() {
        ManualClock clock = new ManualClock(Instant.EPOCH, 42);
        assertEquals(0, clock.millis());
        assertEquals(42, clock.nanoTime());
        clock.advance(Duration.ZERO);
        assertEquals(42, clock.nanoTime());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> clock.advance(Duration.ofMillis(-1)));
        assertEquals("A manual clock only moves forward; cannot advance by PT-0.001S", e.getMessage());
    }

    @Test
    void sleepingOnItMovesItOnAtOnce() {
        ManualClock clock = new ManualClock();
        clock.sleep(250);
        clock.sleep(0);
        clock.sleep(-3);
        assertEquals(Duration.ofMillis(250), clock.elapsed());
        assertEquals(1_250_000_000L, clock.nanoTime());
    }

    @Test
    void aWallClockStepMovesTheWallTimeAloneEitherWay() {
        ManualClock clock = new ManualClock();
        clock.stepWallClock(Duration.ofHours(1));
        assertEquals(Instant.parse("2023-11-14T23:13:20Z"), clock.instant());
        assertEquals(1_000_000_000L, clock.nanoTime(), "no time has passed");
        clock.stepWallClock(Duration.ofHours(-2));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Instant.parse("2023-11-14T21:13:25Z"), clock.instant());
        assertEquals(6_000_000_000L, clock.nanoTime());
        assertEquals(Duration.ofSeconds(5), clock.elapsed());
    }

    @Test
    void aViewInAnotherZoneSharesTheTime() {
        ManualClock clock = new ManualClock();
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        assertSame(clock, clock.withZone(clock.getZone()));
        clock.advance(Duration.ofHours(1));
        assertEquals(clock.instant(), paris.instant());
        assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());
    }
}
