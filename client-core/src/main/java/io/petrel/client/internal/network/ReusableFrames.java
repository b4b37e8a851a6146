package io.petrel.client.internal.network;

import io.petrel.client.internal.FrameLease;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The large response frames of one connection, kept once their reader released them ({@link FrameLease}) and
 * used again for later frames.
 *
 * <p>Why: a consumer's Fetch response is about max.partition.fetch.bytes (1 MiB by default) per partition. A new
 * heap array per response cost the I/O thread zeroing it (memset was ~15 % of that thread's CPU samples, page
 * faults on fresh heap ~10 %), and G1 a humongous allocation per fetch. A released frame is reused as it is:
 * the decoder overwrites exactly the bytes of the new frame, so nothing needs zeroing.
 *
 * <p>Bounded: frames from {@link #MIN_BYTES} to {@link #MAX_BYTES} come from here, at most {@link #KEPT} arrays
 * are kept per connection while unused, and larger or smaller frames are allocated as before and never kept. A
 * frame whose reader never releases it is collected by the GC like any other. Releases come from the consumer's
 * application thread, allocations from the I/O thread, hence the lock (two short critical sections per frame).
 */
final class ReusableFrames {
    /** Smaller frames (every response but fetches of much data) are allocated fresh: cheap, and never released. */
    static final int MIN_BYTES = 256 * 1024;
    /** The largest array kept: a few frames of the default max.partition.fetch.bytes, not fetch.max.bytes' 50 MiB. */
    static final int MAX_BYTES = 2 * 1024 * 1024;
    /** Arrays are rounded up to this, so that a response slightly larger than the last still fits. */
    private static final int ROUNDING = 64 * 1024;
    static final int KEPT = 2;

    private final byte[][] kept = new byte[KEPT][];

    /** A heap buffer of exactly {@code size} bytes (position 0, limit and capacity {@code size}). */
    ByteBuffer allocate(int size) {
        if (!reusable(size)) {
            return ByteBuffer.allocate(size);
        }
        byte[] array = take(size);
        if (array == null) {
            array = new byte[Math.min(MAX_BYTES, (size + ROUNDING - 1) / ROUNDING * ROUNDING)];
        }
        return ByteBuffer.wrap(array, 0, size).slice();
    }

    /** The lease of a frame {@link #allocate} made, {@link FrameLease#NONE} for one it did not keep track of. */
    FrameLease leaseOf(ByteBuffer frame) {
        // An array in the kept range came from allocate: smaller and larger frames get arrays of their own size.
        if (!frame.hasArray() || !reusable(frame.array().length)) {
            return FrameLease.NONE;
        }
        byte[] array = frame.array();
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                keep(array);
            }
        };
    }

    /** Whether a frame of {@code bytes}, or an array of that length, is one this keeps for reuse. */
    private static boolean reusable(int bytes) {
        return bytes >= MIN_BYTES && bytes <= MAX_BYTES;
    }

    /** How many arrays are kept now (tests). */
    synchronized int keptCount() {
        int n = 0;
        for (byte[] a : kept) {
            n += a == null ? 0 : 1;
        }
        return n;
    }

    private synchronized byte[] take(int size) {
        for (int i = 0; i < kept.length; i++) {
            byte[] a = kept[i];
            if (a != null && a.length >= size) {
                kept[i] = null;
                return a;
            }
        }
        return null;
    }

    private synchronized void keep(byte[] array) {
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] == null) {
                kept[i] = array;
                return;
            }
        }
        // Full: the smallest kept array makes room for a larger one; otherwise this one goes to the GC.
        int smallest = 0;
        for (int i = 1; i < kept.length; i++) {
            if (kept[i].length < kept[smallest].length) {
                smallest = i;
            }
        }
        if (kept[smallest].length < array.length) {
            kept[smallest] = array;
        }
    }
}
