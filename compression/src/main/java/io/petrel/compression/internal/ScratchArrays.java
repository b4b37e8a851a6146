package io.petrel.compression.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A few reusable working arrays of one size, shared by all threads, for decoders that need a
 * block-sized buffer only for the length of one call. Allocating one per call costs more than the
 * work on a small batch, since the JVM zeroes every new array.
 *
 * <p>Lock-free and bounded: {@link #take()} empties a slot or, when all are taken, allocates;
 * {@link #give(byte[])} fills an empty slot or drops the array. So at most {@value #SLOTS} arrays are
 * kept, and an array is never in use by two callers. What an array holds when taken is garbage from
 * an earlier call: callers must write before they read, and never hand the array out.
 */
final class ScratchArrays {

    private static final int SLOTS = 4;

    private final int size;
    private final AtomicReferenceArray<byte[]> slots = new AtomicReferenceArray<>(SLOTS);

    ScratchArrays(int size) {
        this.size = size;
    }

    /** The size of every array this pool hands out. */
    int size() {
        return size;
    }

    /** An array of {@link #size()} bytes, with arbitrary content, for the caller alone until it gives it back. */
    byte[] take() {
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (slots.get(slot) != null) {
                byte[] array = slots.getAndSet(slot, null);
                if (array != null) {
                    return array;
                }
            }
        }
        return new byte[size];
    }

    /** Returns an array taken from this pool; the caller must not use it afterwards. */
    void give(byte[] array) {
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, array)) {
                return;
            }
        }
    }

    /** Spreads threads over the slots, so that threads on different cores rarely touch the same one. */
    private static int start() {
        return (int) Thread.currentThread().getId() & (SLOTS - 1);
    }
}
