package io.petrel.broker.internal.log;

/**
 * One array per broker thread that a compressed Produce batch's records are decompressed into while the log checks
 * them (offsets, count, timestamps), then dropped: without it each compressed batch allocated (and the JVM zeroed)
 * an output array of its decompressed size, ~100-130 KB for a producer's 64 KiB zstd batch, ~9 us of CPU per
 * request besides the collector's work, only to be garbage a moment later.
 *
 * <p>Bounded: one array of {@value #BYTES} bytes per thread that has checked a compressed batch (the event loops,
 * in practice); a batch whose records do not fit gets an array of its own from the codec, as before. A thread uses
 * its array for one batch at a time: the check reads the records to their end before it returns.
 */
final class DecompressionScratch {
    /** Two zstd blocks of 128 KiB: a 64 KiB batch of compressible records decompresses within it. */
    static final int BYTES = 256 * 1024;
    private static final ThreadLocal<byte[]> ARRAYS = ThreadLocal.withInitial(() -> new byte[BYTES]);

    private DecompressionScratch() {
    }

    /** This thread's array, for one batch's records at a time. */
    static byte[] forThisThread() {
        return ARRAYS.get();
    }
}
