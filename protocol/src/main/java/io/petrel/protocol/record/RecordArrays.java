package io.petrel.protocol.record;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Arrays that builders of compressed batches encode their records into, handed back once the records
 * are compressed, so the next builder starts with an array already grown to the batches' size instead
 * of allocating (and zeroing) a new one and growing it record by record.
 *
 * <p>Lock-free and bounded: at most {@value #SLOTS} arrays of at most {@value #MAX_POOLED_BYTES} bytes
 * are kept; when none is free a builder allocates as before. An array is only ever given back by the
 * builder that took it, after its last use, and never one the caller can see: an uncompressed batch's
 * records are the batch itself, so those arrays are not returned.
 */
final class RecordArrays {
    private static final int SLOTS = 4;
    static final int MAX_POOLED_BYTES = 4 * 1024 * 1024;

    private static final AtomicReferenceArray<byte[]> POOL = new AtomicReferenceArray<>(SLOTS);

    private RecordArrays() {
    }

    /** A pooled array of at least {@code minCapacity} bytes, with arbitrary content, or null when none is free. */
    static byte[] take(int minCapacity) {
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            byte[] array = POOL.get(slot);
            if (array != null && array.length >= minCapacity && POOL.compareAndSet(slot, array, null)) {
                return array;
            }
        }
        return null;
    }

    /** Keeps {@code array}, which its builder no longer uses, for a later one, if there is room and it is not too big. */
    static void give(byte[] array) {
        if (array.length > MAX_POOLED_BYTES) {
            return;
        }
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (POOL.get(slot) == null && POOL.compareAndSet(slot, null, array)) {
                return;
            }
        }
    }

    private static int start() {
        return (int) Thread.currentThread().getId() & (SLOTS - 1);
    }
}
