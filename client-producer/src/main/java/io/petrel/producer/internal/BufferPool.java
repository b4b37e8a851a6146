package io.petrel.producer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the bytes of records the producer holds to {@code buffer.memory}: the producer's backpressure.
 *
 * <p>How it works: each record reserves its encoded size (an upper bound) before it enters the pipeline
 * and its batch gives the bytes back once acknowledged or failed. When too few bytes are free the caller
 * waits, first come first served (a queue of conditions, so a large record is not starved by small
 * ones), up to {@code max.block.ms}, and then gets a {@link TimeoutException} naming both settings.
 *
 * <p>The common case takes no lock: while nobody waits, send() takes its bytes with a compare-and-set
 * and the sender gives them back with an add, so the two threads do not contend per record (they did,
 * and send() ended up waking the sender on every unlock). Waiting and signalling go through the lock; a
 * waiter registers ({@link #waiting}) before it looks at the free bytes, and a release adds its bytes
 * before it looks for waiters, so one of the two always sees the other.
 *
 * <p>Why bytes and not buffers: the protocol's RecordBatchBuilder owns its buffer, so there is nothing
 * to lend it; counting the bytes each record will occupy bounds memory just as well. Waits re-read
 * {@link Time} at least every {@value #RECHECK_MS} ms, so a test's manual clock is honoured without sleeping.
 */
final class BufferPool {
    private static final long RECHECK_MS = 20;

    private final long totalBytes;
    private final long maxBlockMs;
    private final Time time;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Condition> waiters = new ArrayDeque<>();
    private final AtomicLong availableBytes;
    /** How many callers are waiting (or about to): while any is, every reservation queues behind them. */
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;
    private final Waits waits;

    /** Told how long each reservation that had to wait waited (the bufferpool-wait metrics); off the fast path. */
    interface Waits {
        Waits NONE = (nanos, exhausted) -> { };

        void waited(long nanos, boolean exhausted);
    }

    BufferPool(long totalBytes, long maxBlockMs, Time time) {
        this(totalBytes, maxBlockMs, time, Waits.NONE);
    }

    BufferPool(long totalBytes, long maxBlockMs, Time time, Waits waits) {
        this.totalBytes = totalBytes;
        this.availableBytes = new AtomicLong(totalBytes);
        this.maxBlockMs = maxBlockMs;
        this.time = time;
        this.waits = waits;
    }

    /**
     * Reserves {@code bytes}, waiting up to {@code maxWaitMs} for them to be released.
     *
     * @throws TimeoutException when they were not free in time
     * @throws ClientException  for more bytes than buffer.memory, or once the pool is closed
     */
    void reserve(int bytes, long maxWaitMs) throws InterruptedException {
        if (bytes > totalBytes) {
            throw new ClientException("The record is " + bytes + " bytes when serialized, more than buffer.memory ("
                    + totalBytes + " bytes)");
        }
        ensureOpen();
        if (waiting.get() == 0 && tryTake(bytes)) {
            return;
        }
        waiting.incrementAndGet();
        long started = time.nanoseconds();
        boolean exhausted = true;
        lock.lock();
        try {
            waitFor(bytes, maxWaitMs);
            exhausted = false;
        } finally {
            waiting.decrementAndGet();
            lock.unlock();
            waits.waited(time.nanoseconds() - started, exhausted);
        }
    }

    private boolean tryTake(int bytes) {
        while (true) {
            long available = availableBytes.get();
            if (available < bytes) {
                return false;
            }
            if (availableBytes.compareAndSet(available, available - bytes)) {
                return true;
            }
        }
    }

    private void waitFor(int bytes, long maxWaitMs) throws InterruptedException {
        Condition turn = lock.newCondition();
        waiters.addLast(turn);
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        try {
            while (waiters.peekFirst() != turn || !tryTake(bytes)) {
                ensureOpen();
                long remaining = deadline - time.nanoseconds();
                if (remaining <= 0) {
                    throw new TimeoutException("Could not reserve " + bytes + " bytes of buffer.memory ("
                            + totalBytes + " bytes, " + availableBytes.get() + " free) within max.block.ms (" + maxBlockMs
                            + " ms): the producer is sending slower than records arrive");
                }
                turn.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(RECHECK_MS)));
            }
        } finally {
            waiters.remove(turn);
            signalFirst();
        }
    }

    /** Gives bytes back and wakes the first waiter. */
    void release(long bytes) {
        if (bytes == 0) {
            return;
        }
        availableBytes.addAndGet(bytes);
        if (waiting.get() == 0) {
            return;
        }
        lock.lock();
        try {
            signalFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Fails every waiter and every later reservation. */
    void close() {
        lock.lock();
        try {
            closed = true;
            waiters.forEach(Condition::signal);
        } finally {
            lock.unlock();
        }
    }

    long availableBytes() {
        return availableBytes.get();
    }

    int queuedWaiters() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    long totalBytes() {
        return totalBytes;
    }

    long maxBlockMs() {
        return maxBlockMs;
    }

    private void signalFirst() {
        Condition first = waiters.peekFirst();
        if (first != null) {
            first.signal();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClientException("The producer is closed: no more records are taken");
        }
    }
}
