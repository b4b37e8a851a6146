package io.petrel.consumer.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The consumer's state lock (reentrant), with one addition: work the network thread must do under it can be
 * handed over instead of waited for. {@link #runOrHandOver} runs the work at once when the lock is free; when another
 * thread holds it, the work is queued and that thread runs it as it releases the lock, so the network thread goes
 * back to its loop instead of parking until the application thread (which may have been descheduled inside a
 * critical section) lets go.
 *
 * <p>Why: a fetch response's hand-over took the lock the polling thread holds several times per poll; with more
 * runnable threads than cores, a poll descheduled while holding it left the network thread parked, for up to
 * 157 ms in one JFR recording (jdk.JavaMonitorEnter), and the data it carried waited for both threads to be
 * scheduled again. Handed over, the data is applied by the polling thread itself as soon as it runs.
 *
 * <p>No work is lost: a thread hands over by queueing first and trying the lock second; a holder releases first and
 * looks at the queue second, so at least one of them sees the work. Each piece of work runs under the lock, in the
 * order queued; the action it returns runs after the lock is released (sending requests, waking the poll).
 */
final class HandOverLock {
    private static final Logger log = LoggerFactory.getLogger(HandOverLock.class);

    private final ReentrantLock lock = new ReentrantLock();
    /** Work under the lock, each returning what to do once the lock is released. */
    private final ConcurrentLinkedQueue<Supplier<Runnable>> handedOver = new ConcurrentLinkedQueue<>();

    void lock() {
        lock.lock();
    }

    /** Releases the lock; the outermost release runs the work handed over meanwhile. */
    void unlock() {
        lock.unlock();
        if (!lock.isHeldByCurrentThread()) {
            drain();
        }
    }

    boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /**
     * Runs {@code work} under the lock now if it is free (or already held by this thread), else leaves it to the
     * holder, which runs it on releasing the lock. The action {@code work} returns runs once the lock is released, by
     * whichever thread ran the work.
     */
    void runOrHandOver(Supplier<Runnable> work) {
        if (lock.isHeldByCurrentThread()) {
            work.get().run(); // a callback completed inside a critical section: nothing to wait for
            return;
        }
        handedOver.add(work);
        drain();
    }

    /** Runs the queued work while there is some and the lock can be had without waiting. */
    private void drain() {
        while (!handedOver.isEmpty() && lock.tryLock()) {
            List<Runnable> afters = new ArrayList<>(1);
            try {
                Supplier<Runnable> work;
                while ((work = handedOver.poll()) != null) {
                    afters.add(runUnderLock(work));
                }
            } finally {
                lock.unlock();
            }
            afters.forEach(HandOverLock::runAfter);
        }
    }

    private static Runnable runUnderLock(Supplier<Runnable> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            log.error("Consumer work handed over under the state lock failed", e);
            return () -> { };
        }
    }

    private static void runAfter(Runnable after) {
        try {
            after.run();
        } catch (RuntimeException e) {
            log.error("Consumer work handed over failed after the state lock was released", e);
        }
    }
}
