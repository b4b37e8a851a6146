package io.petrel.client;

import java.time.Clock;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Where a client reads the time: linger, timeouts, backoff and metadata age all go through one of these,
 * so tests can move time forward instead of sleeping.
 */
public interface Time {
    /** Wall-clock milliseconds since the epoch (record timestamps). */
    long milliseconds();

    /** A monotonic nanosecond counter (deadlines, elapsed time). */
    long nanoseconds();

    /**
     * A Time that reads wall-clock milliseconds from {@code wall} and the monotonic counter from {@code nanoTime}.
     * Tests pass a clock they advance by hand, and its counter, so timeouts and backoff run without sleeping:
     * {@code Time.of(clock, clock::nanoTime)}. The two sources should move together, as the system's do.
     *
     * @param wall     where {@link #milliseconds} comes from ({@link Clock#millis})
     * @param nanoTime where {@link #nanoseconds} comes from, a counter that never goes back
     * @throws NullPointerException if either is null
     */
    static Time of(Clock wall, LongSupplier nanoTime) {
        Objects.requireNonNull(wall, "wall");
        Objects.requireNonNull(nanoTime, "nanoTime");
        return new Time() {
            @Override
            public long milliseconds() {
                return wall.millis();
            }

            @Override
            public long nanoseconds() {
                return nanoTime.getAsLong();
            }

            @Override
            public String toString() {
                return "Time[" + wall + "]";
            }
        };
    }

    /** The system clock. */
    Time SYSTEM = new Time() {
        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }
    };
}
