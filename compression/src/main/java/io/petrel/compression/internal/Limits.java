package io.petrel.compression.internal;

/** Argument checks for decompression limits. */
final class Limits {

    private Limits() {}

    static long requireNonNegative(long maxOutputBytes) {
        if (maxOutputBytes < 0) {
            throw new IllegalArgumentException("maxOutputBytes must not be negative, got " + maxOutputBytes);
        }
        return maxOutputBytes;
    }
}
