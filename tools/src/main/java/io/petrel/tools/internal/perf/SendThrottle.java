package io.petrel.tools.internal.perf;

import io.petrel.client.Time;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds a sender to a target rate: record {@code n} may go at {@code start + n / rate}. A sender ahead of its
 * schedule parks until its slot instead of spinning, so a throttled run leaves the CPU to the clients and the
 * broker. Slots are counted from the start, so a sender that fell behind catches up without a burst limit,
 * as kafka-producer-perf-test's throttle does over its whole run.
 */
final class SendThrottle {
    /** Parks the calling thread for about this many nanoseconds (tests advance a clock instead). */
    @FunctionalInterface
    interface Parker {
        void parkNanos(long nanos);
    }

    private final double nanosPerRecord;
    private final Time time;
    private final Parker parker;
    private final long startNanos;

    /** @param recordsPerSecond the target rate; zero or negative means no limit */
    SendThrottle(double recordsPerSecond, Time time, Parker parker) {
        this.nanosPerRecord = recordsPerSecond > 0 ? 1e9 / recordsPerSecond : 0;
        this.time = time;
        this.parker = parker;
        this.startNanos = time.nanoseconds();
    }

    static SendThrottle system(double recordsPerSecond) {
        return new SendThrottle(recordsPerSecond, Time.SYSTEM, LockSupport::parkNanos);
    }

    /** Returns once record number {@code sent} (counted from 0) may be sent. */
    void awaitSlot(long sent) {
        if (nanosPerRecord == 0) {
            return;
        }
        long slot = startNanos + (long) (sent * nanosPerRecord);
        // parkNanos may return early (spurious wake-up, interrupt), so check the clock again.
        for (long wait = slot - time.nanoseconds(); wait > 0; wait = slot - time.nanoseconds()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            parker.parkNanos(wait);
        }
    }
}
