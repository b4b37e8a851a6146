package io.petrel.producer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
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
    private long availableBytes;
    private boolean closed;

    BufferPool(long totalBytes, long maxBlockMs, Time time) {
        this.totalBytes = totalBytes;
        this.availableBytes = totalBytes;
        this.maxBlockMs = maxBlockMs;
        this.time = time;
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
        lock.lock();
        try {
            ensureOpen();
            if (waiters.isEmpty() && availableBytes >= bytes) {
                availableBytes -= bytes;
                return;
            }
            waitFor(bytes, maxWaitMs);
        } finally {
            lock.unlock();
        }
    }

    private void waitFor(int bytes, long maxWaitMs) throws InterruptedException {
        Condition turn = lock.newCondition();
        waiters.addLast(turn);
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        try {
            while (availableBytes < bytes || waiters.peekFirst() != turn) {
                ensureOpen();
                long remaining = deadline - time.nanoseconds();
                if (remaining <= 0) {
                    throw new TimeoutException("Could not reserve " + bytes + " bytes of buffer.memory ("
                            + totalBytes + " bytes, " + availableBytes + " free) within max.block.ms (" + maxBlockMs
                            + " ms): the producer is sending slower than records arrive");
                }
                turn.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(RECHECK_MS)));
            }
            availableBytes -= bytes;
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
        lock.lock();
        try {
            availableBytes += bytes;
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
        lock.lock();
        try {
            return availableBytes;
        } finally {
            lock.unlock();
        }
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
