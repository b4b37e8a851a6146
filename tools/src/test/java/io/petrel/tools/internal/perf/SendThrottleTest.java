package io.petrel.tools.internal.perf;

import io.petrel.client.Time;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The throttle against a hand-driven clock: it parks exactly until each record's slot, and never when behind. */
class SendThrottleTest {

    /** A clock that moves only when the throttle parks. */
    private static final class ManualTime implements Time {
        long nanos = 1_000_000_000L;
        final List<Long> parks = new ArrayList<>();

        @Override
        public long milliseconds() {
            return nanos / 1_000_000;
        }

        @Override
        public long nanoseconds() {
            return nanos;
        }

        @Override
        public void sleep(long ms) {
            nanos += Math.max(0, ms) * 1_000_000L;
        }

        void park(long n) {
            parks.add(n);
            nanos += n;
        }
    }

    @Test
    void parksUntilEachSlotAtTheTargetRate() {
        ManualTime time = new ManualTime();
        long start = time.nanos;
        SendThrottle throttle = new SendThrottle(1000, time, time::park);
        for (int i = 0; i < 5; i++) {
            throttle.awaitSlot(i);
        }
        assertEquals(List.of(1_000_000L, 1_000_000L, 1_000_000L, 1_000_000L), time.parks, "record 0 goes at once, then one per ms");
        assertEquals(start + 4_000_000L, time.nanos);
    }

    @Test
    void aSenderBehindScheduleDoesNotPark() {
        ManualTime time = new ManualTime();
        SendThrottle throttle = new SendThrottle(100, time, time::park);
        time.nanos += 1_000_000_000L; // one second passes: 100 slots are due
        for (int i = 0; i <= 100; i++) {
            throttle.awaitSlot(i);
        }
        assertTrue(time.parks.isEmpty(), time.parks.toString());
        throttle.awaitSlot(101);
        assertEquals(List.of(10_000_000L), time.parks);
    }

    @Test
    void anEarlyWakeUpParksAgainForTheRest() {
        ManualTime time = new ManualTime();
        List<Long> asked = new ArrayList<>();
        SendThrottle throttle = new SendThrottle(10, time, n -> {
            asked.add(n);
            time.nanos += asked.size() == 1 ? n / 2 : n; // the first park wakes up half-way
        });
        throttle.awaitSlot(1);
        assertEquals(List.of(100_000_000L, 50_000_000L), asked);
    }

    @Test
    void noLimitNeverParks() {
        ManualTime time = new ManualTime();
        SendThrottle throttle = new SendThrottle(-1, time, time::park);
        for (int i = 0; i < 1000; i++) {
            throttle.awaitSlot(i);
        }
        assertTrue(time.parks.isEmpty());
    }
}
