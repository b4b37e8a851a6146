package io.petrel.client;

import java.time.Clock;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Where a client reads the time and waits on it: linger, timeouts, backoff and metadata age all go through
 * one of these, so tests can move time forward instead of sleeping.
 */
public interface Time {
    /** Wall-clock milliseconds since the epoch (record timestamps). */
    long milliseconds();

    /** A monotonic nanosecond counter (deadlines, elapsed time). */
    long nanoseconds();

    /**
     * Lets {@code ms} milliseconds of this clock pass on the calling thread: a backoff before trying again goes
     * through here, so a test's clock can move forward by {@code ms} instead of the test sleeping. The system
     * clock sleeps; zero or less returns at once.
     *
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    void sleep(long ms) throws InterruptedException;

    /**
     * A Time that reads wall-clock milliseconds from {@code wall} and the monotonic counter from {@code nanoTime},
     * and lets time pass through {@code sleep}. Tests pass a clock they move by hand, so timeouts and backoff run
     * without sleeping: {@code Time.of(clock, clock::nanoTime, clock::sleep)} with test-support's ManualClock,
     * whose sleep moves the clock on. The sources should move together, as the system's do.
     *
     * @param wall     where {@link #milliseconds} comes from ({@link Clock#millis})
     * @param nanoTime where {@link #nanoseconds} comes from, a counter that never goes back
     * @param sleep    what {@link #sleep} does with its milliseconds (only called for more than zero)
     * @throws NullPointerException if any is null
     */
    static Time of(Clock wall, LongSupplier nanoTime, LongConsumer sleep) {
        Objects.requireNonNull(wall, "wall");
        Objects.requireNonNull(nanoTime, "nanoTime");
        Objects.requireNonNull(sleep, "sleep");
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
            public void sleep(long ms) {
                if (ms > 0) {
                    sleep.accept(ms);
                }
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

        @Override
        public void sleep(long ms) throws InterruptedException {
            if (ms > 0) {
                Thread.sleep(ms);
            }
        }
    };
}
