package io.petrel.client;

/**
 * Where a client reads the time: linger, timeouts, backoff and metadata age all go through one of these,
 * so tests can move time forward instead of sleeping.
 */
public interface Time {
    /** Wall-clock milliseconds since the epoch (record timestamps). */
    long milliseconds();

    /** A monotonic nanosecond counter (deadlines, elapsed time). */
    long nanoseconds();

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
