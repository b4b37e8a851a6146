package io.petrel.compression.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small lock-free pool of reusable objects (working arrays, native compression contexts, inflaters) shared
 * by all threads, for codecs that need one only for the length of one call or one batch: creating one per
 * call costs more than the work on a small batch.
 *
 * <p>Bounded: at most {@value #SLOTS} objects are kept. {@link #poll()} empties a slot, or returns null when
 * all are empty (the caller then creates one); {@link #offer} fills an empty slot, or returns false when all
 * are full (the caller then drops or closes the object). An object is never handed to two callers. Each
 * thread starts its search at a slot of its own, so threads on different cores rarely touch the same slot.
 *
 * @param <T> what is pooled
 */
final class SlotPool<T> {

    static final int SLOTS = 4;

    private final AtomicReferenceArray<T> slots = new AtomicReferenceArray<>(SLOTS);

    /** A pooled object, now the caller's alone, or null when the pool is empty. */
    T poll() {
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (slots.get(slot) != null) {
                T pooled = slots.getAndSet(slot, null);
                if (pooled != null) {
                    return pooled;
                }
            }
        }
        return null;
    }

    /** Pools {@code object}, which the caller must not use afterwards; false when the pool is full. */
    boolean offer(T object) {
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, object)) {
                return true;
            }
        }
        return false;
    }

    private static int start() {
        return (int) Thread.currentThread().getId() & (SLOTS - 1);
    }
}
