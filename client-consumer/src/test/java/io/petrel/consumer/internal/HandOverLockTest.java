package io.petrel.consumer.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network thread's hand-over: work runs at once on a free lock, and is left to (and run by) the thread holding the
 * lock otherwise, under the lock, in order, with its follow-up action after the lock is released.
 */
class HandOverLockTest {
    private final HandOverLock lock = new HandOverLock();
    private final List<String> log = new CopyOnWriteArrayList<>();

    private void handOver(String name) {
        lock.runOrHandOver(() -> {
            log.add(name + " under lock " + lock.isHeldByCurrentThread() + " on " + Thread.currentThread().getName());
            return () -> log.add(name + " after, lock held " + lock.isHeldByCurrentThread());
        });
    }

    @Test
    void onAFreeLockTheWorkRunsAtOnceOnTheCallingThread() {
        handOver("a");
        String self = Thread.currentThread().getName();
        assertEquals(List.of("a under lock true on " + self, "a after, lock held false"), log);
        assertFalse(lock.isHeldByCurrentThread());
    }

    @Test
    void whileAnotherThreadHoldsTheLockTheWorkIsLeftToItAndRunsAsItReleases() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch handedOver = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            lock.lock();
            held.countDown();
            try {
                handedOver.await();
                log.add("holder done");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "holder");
        holder.start();
        assertTrue(held.await(1, TimeUnit.MINUTES));

        handOver("a"); // returns without waiting for the holder: the holder is blocked until we count down
        handOver("b");
        assertTrue(log.isEmpty(), log.toString());
        handedOver.countDown();
        holder.join(TimeUnit.MINUTES.toMillis(1));

        assertEquals(List.of("holder done", "a under lock true on holder", "b under lock true on holder",
                "a after, lock held false", "b after, lock held false"), log);
    }

    @Test
    void aNestedReleaseKeepsTheWorkUntilTheOutermostRelease() throws Exception {
        lock.lock();
        lock.lock();
        CompletableFuture.runAsync(() -> handOver("a")).get(1, TimeUnit.MINUTES);
        lock.unlock();
        assertTrue(log.isEmpty(), "ran while the lock was still held: " + log);
        lock.unlock();
        String self = Thread.currentThread().getName();
        assertEquals(List.of("a under lock true on " + self, "a after, lock held false"), log);
    }

    @Test
    void workThatFailsDoesNotStopTheWorkQueuedAfterIt() throws Exception {
        lock.lock();
        CompletableFuture.runAsync(() -> {
            lock.runOrHandOver(() -> {
                throw new IllegalStateException("broken callback");
            });
            handOver("b");
        }).get(1, TimeUnit.MINUTES);
        lock.unlock();
        String self = Thread.currentThread().getName();
        assertEquals(List.of("b under lock true on " + self, "b after, lock held false"), log);
    }
}
