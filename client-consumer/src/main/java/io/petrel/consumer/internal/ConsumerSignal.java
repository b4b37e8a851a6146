package io.petrel.consumer.internal;

import io.petrel.client.Time;
import io.petrel.consumer.WakeupException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Where the application thread waits inside a blocking call, and what wakes it: a fetch response, an
 * offset lookup, a group event (all call {@link #signal()}), or {@link #wakeup()} from another thread.
 *
 * <p>How it works: a version counter, so a signal between checking a condition and waiting is never lost;
 * waits are bounded by deadlines on the injected {@link Time}. A pending wakeup is consumed by the next
 * blocking call, as in Kafka.
 *
 * <p>No lock: signals come from the network's I/O thread once per fetch response, so a signaller must never
 * wait for the application thread (with a lock and condition here, the I/O thread now and then parked on
 * the lock while poll held it, and the response in hand waited for that I/O thread to be woken first). A
 * waiter registers itself, then reads the version, then parks; a signaller bumps the version, then unparks
 * every registered waiter. Both orders are of volatile accesses, so either the waiter reads the new version
 * or the signaller finds the waiter, whose park then returns at once (an unpark before the park is kept
 * by the thread's permit). The woken thread runs without reacquiring anything.
 */
final class ConsumerSignal {
    /** The longest single park: a wait re-checks its condition at least this often. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Time time;
    private final AtomicLong version = new AtomicLong();
    /** Threads inside {@link #awaitChange}: the application thread (a consumer is used by one at a time). */
    private final Set<Thread> waiters = ConcurrentHashMap.newKeySet();
    private volatile boolean wakeupPending;

    ConsumerSignal(Time time) {
        this.time = time;
    }

    /** Something the application thread may be waiting for happened. */
    void signal() {
        version.incrementAndGet();
        if (!waiters.isEmpty()) {
            for (Thread waiter : waiters) {
                LockSupport.unpark(waiter);
            }
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
     * {@code done} held. The condition is evaluated on the calling thread, between waits.
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

    /**
     * Waits for a signal after version {@code seen}, at most {@code nanos} (and at most 100 ms, so callers
     * re-check their deadlines on the injected {@link Time}).
     *
     * @throws io.petrel.client.ClientException if the thread is interrupted (its interrupt status stays set)
     */
    void awaitChange(long seen, long nanos) {
        Thread me = Thread.currentThread();
        long end = System.nanoTime() + Math.min(nanos, MAX_PARK_NANOS);
        waiters.add(me);
        try {
            while (version.get() == seen && !wakeupPending) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                if (me.isInterrupted()) {
                    throw new io.petrel.client.ClientException("Interrupted while waiting", new InterruptedException());
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            waiters.remove(me);
        }
    }

    long version() {
        return version.get();
    }
}
