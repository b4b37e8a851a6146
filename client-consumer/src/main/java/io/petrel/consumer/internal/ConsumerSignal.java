package io.petrel.consumer.internal;

import io.petrel.client.Time;
import io.petrel.consumer.WakeupException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where the application thread waits inside a blocking call, and what wakes it: a fetch response, an
 * offset lookup, a group event (all call {@link #signal()}), or {@link #wakeup()} from another thread.
 *
 * <p>How it works: a version counter under a lock, so a signal between checking a condition and
 * waiting is never lost; waits are bounded by deadlines on the injected {@link Time}. A pending wakeup
 * is consumed by the next blocking call, as in Kafka.
 */
final class ConsumerSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Time time;
    private long version;
    private volatile boolean wakeupPending;

    ConsumerSignal(Time time) {
        this.time = time;
    }

    /** Something the application thread may be waiting for happened. */
    void signal() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes the current or next blocking call throw WakeupException. */
    void wakeup() {
        wakeupPending = true;
        signal();
    }

    /** Throws WakeupException (once) if {@link #wakeup()} was called since the last check. */
    void checkWakeup() {
        if (wakeupPending) {
            wakeupPending = false;
            throw new WakeupException("The consumer was woken up by wakeup()");
        }
    }

    /**
     * Waits until {@code done} holds or the deadline passes, checking for a wakeup; returns whether
     * {@code done} held. The condition is evaluated without this object's lock held.
     */
    boolean awaitUntil(BooleanSupplier done, long deadlineNanos) {
        while (true) {
            checkWakeup();
            long seen = version();
            if (done.getAsBoolean()) {
                return true;
            }
            long remaining = deadlineNanos - time.nanoseconds();
            if (remaining <= 0) {
                return false;
            }
            awaitChange(seen, remaining);
        }
    }

    /** Waits for a signal after version {@code seen}, at most {@code nanos}. */
    void awaitChange(long seen, long nanos) {
        lock.lock();
        try {
            long left = Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(100));
            while (version == seen && !wakeupPending && left > 0) {
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.petrel.client.ClientException("Interrupted while waiting", e);
        } finally {
            lock.unlock();
        }
    }

    long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }
}
