package io.petrel.broker.internal.network;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * queued.max.request.bytes: the bytes of requests the broker has read and not yet answered, across all connections,
 * counted as they arrive (a partial frame costs what came of it, not what its size prefix claims, so a client that
 * announces 100 MiB and stalls costs nothing). A connection that finds the pool over its bound stops reading and
 * waits until answers give memory back: backpressure reaches the clients' sockets instead of the broker's heap.
 *
 * <p>Deadlock guard: connections each holding part of a frame, all stopped, would wait for one another forever. So
 * one connection at a time (the overflow owner) may go on reading past the bound until its frame is whole; a frame
 * is at most socket.request.max.bytes, so memory stays below the bound plus one frame, plus at most one read buffer
 * per connection (the read that crossed the bound).
 *
 * <p>Thread-safe: every event loop uses it.
 */
final class RequestMemoryPool {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicReference<Object> overflowOwner = new AtomicReference<>();
    private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();

    RequestMemoryPool(long limit) {
        this.limit = limit;
    }

    void add(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        if (bytes != 0 && used.addAndGet(-bytes) <= limit) {
            wakeWaiters();
        }
    }

    boolean overLimit() {
        return used.get() > limit;
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }

    /** True when {@code owner} is, or has now become, the one connection allowed to finish a frame past the bound. */
    boolean tryOverflow(Object owner) {
        return overflowOwner.compareAndSet(null, owner) || overflowOwner.get() == owner;
    }

    /** {@code owner} finished its frame (or closed): another connection may take the overflow. */
    void endOverflow(Object owner) {
        if (overflowOwner.compareAndSet(owner, null)) {
            wakeWaiters();
        }
    }

    /**
     * Runs {@code wake} once the pool is back under its bound, or, for a connection holding part of a frame
     * ({@code wantsOverflow}), once the overflow is free; at once when that is so already.
     */
    void whenAvailable(Runnable wake, boolean wantsOverflow) {
        waiters.add(wake);
        if (!overLimit() || wantsOverflow && overflowOwner.get() == null) {
            wakeWaiters();
        }
    }

    private void wakeWaiters() {
        Runnable wake;
        while ((wake = waiters.poll()) != null) {
            wake.run();
        }
    }
}
