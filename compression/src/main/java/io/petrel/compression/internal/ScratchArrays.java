package io.petrel.compression.internal;

/**
 * A few reusable working arrays of one size, shared by all threads, for decoders that need a
 * block-sized buffer only for the length of one call. Allocating one per call costs more than the
 * work on a small batch, since the JVM zeroes every new array.
 *
 * <p>Lock-free and bounded: {@link #take()} empties a slot or, when all are taken, allocates;
 * {@link #give(byte[])} fills an empty slot or drops the array. So at most {@value SlotPool#SLOTS} arrays are
 * kept, and an array is never in use by two callers. What an array holds when taken is garbage from
 * an earlier call: callers must write before they read, and never hand the array out.
 */
final class ScratchArrays {

    private final int size;
    private final SlotPool<byte[]> pool = new SlotPool<>();

    ScratchArrays(int size) {
        this.size = size;
    }

    /** The size of every array this pool hands out. */
    int size() {
        return size;
    }

    /** An array of {@link #size()} bytes, with arbitrary content, for the caller alone until it gives it back. */
    byte[] take() {
        byte[] array = pool.poll();
        return array != null ? array : new byte[size];
    }

    /** Returns an array taken from this pool; the caller must not use it afterwards. */
    void give(byte[] array) {
        pool.offer(array); // a full pool drops the array: the garbage collector takes it
    }
}
