package io.petrel.client;

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
