package io.petrel.tools.internal.perf;

import io.petrel.client.Time;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The throttle against a hand-driven clock: it parks exactly until each record's slot, and never when behind. */
class SendThrottleTest {
    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);
    /** What the throttle asked to park for, each time; parking moves the clock that much. */
    private final List<Long> parks = new ArrayList<>();


    @Test
    void parksUntilEachSlotAtTheTargetRate() {
        long start = clock.nanoTime();
        SendThrottle throttle = new SendThrottle(1000, time, this::park);
        for (int i = 0; i < 5; i++) {
            throttle.awaitSlot(i);
        }
        assertEquals(List.of(1_000_000L, 1_000_000L, 1_000_000L, 1_000_000L), parks, "record 0 goes at once, then one per ms");
        assertEquals(start + 4_000_000L, clock.nanoTime());
    }

    @Test
    void aSenderBehindScheduleDoesNotPark() {
        SendThrottle throttle = new SendThrottle(100, time, this::park);
        clock.advance(Duration.ofSeconds(1)); // 100 slots are due
        for (int i = 0; i <= 100; i++) {
            throttle.awaitSlot(i);
        }
        assertTrue(parks.isEmpty(), parks.toString());
        throttle.awaitSlot(101);
        assertEquals(List.of(10_000_000L), parks);
    }

    @Test
    void anEarlyWakeUpParksAgainForTheRest() {
        List<Long> asked = new ArrayList<>();
        SendThrottle throttle = new SendThrottle(10, time, n -> {
            asked.add(n);
            clock.advance(Duration.ofNanos(asked.size() == 1 ? n / 2 : n)); // the first park wakes up half-way
        });
        throttle.awaitSlot(1);
        assertEquals(List.of(100_000_000L, 50_000_000L), asked);
    }

    @Test
    void noLimitNeverParks() {
        SendThrottle throttle = new SendThrottle(-1, time, this::park);
        for (int i = 0; i < 1000; i++) {
            throttle.awaitSlot(i);
        }
        assertTrue(parks.isEmpty());
    }

    private void park(long nanos) {
        parks.add(nanos);
        clock.advance(Duration.ofNanos(nanos));
    }
}
