package io.petrel.producer.internal;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Batch-sized arrays passed from acknowledged batches to new ones, so a busy producer does not allocate
 * (and zero) a batch.size array per batch: kafka-clients' buffer pool does the same with its ByteBuffers.
 *
 * <p>How it works: a bounded queue of free arrays, all of one size. A new batch takes one (or allocates
 * when none is free) on the thread that appends; the sender gives it back once the batch is acknowledged,
 * which is also when the network is done with it: a request's answer comes only after it was written.
 * Arrays of another size (a batch that outgrew its array) are left to the garbage collector.
 *
 * <p>Why keep up to buffer.memory of them (as kafka-clients does): while buffer.memory is full, hundreds
 * of batches wait, and arrays that live that long are copied by every young collection until they are
 * promoted; recycled ones are promoted once and then cost the collector nothing. buffer.memory is still
 * charged per record by {@link BufferPool}; the free arrays are on top, at most buffer.memory of them.
 */
final class BatchArrays {
    private final int arraySize;
    private final ArrayBlockingQueue<byte[]> free;

    /** Arrays of {@code arraySize} bytes, at most {@code maxRetainedBytes} of them kept free. */
    BatchArrays(int arraySize, long maxRetainedBytes) {
        this.arraySize = arraySize;
        this.free = new ArrayBlockingQueue<>((int) Math.max(1, Math.min(1 << 16, maxRetainedBytes / arraySize)));
    }

    /** The array size for batches of {@code batchSize}: room for one batch.size batch, capped at 1 MiB. */
    static int arraySizeFor(int batchSize) {
        return Math.min(batchSize, 1 << 20) + 64;
    }

    /** A free array, or a new one; its content is arbitrary. */
    byte[] take() {
        byte[] array = free.poll();
        return array != null ? array : new byte[arraySize];
    }

    /** Keeps an array nobody reads any more, if it has the pooled size and there is room. */
    void give(byte[] array) {
        if (array.length == arraySize) {
            free.offer(array);
        }
    }

    int arraySize() {
        return arraySize;
    }
}
