package io.petrel.compression.internal;

import java.io.IOException;
import java.io.InputStream;

/** Small helpers for reading exact byte counts and little-endian integers. */
final class StreamIo {

    private StreamIo() {}

    /**
     * Reads until {@code len} bytes are read or the stream ends.
     *
     * @return the number of bytes read, less than {@code len} only at the end of the stream
     */
    static int readUpTo(InputStream in, byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    static int intLE(byte[] b, int off) {
        return (b[off] & 0xFF)
                | (b[off + 1] & 0xFF) << 8
                | (b[off + 2] & 0xFF) << 16
                | (b[off + 3] & 0xFF) << 24;
    }

    static long longLE(byte[] b, int off) {
        return (intLE(b, off) & 0xFFFFFFFFL) | (long) intLE(b, off + 4) << 32;
    }

    static int intBE(byte[] b, int off) {
        return (b[off] & 0xFF) << 24
                | (b[off + 1] & 0xFF) << 16
                | (b[off + 2] & 0xFF) << 8
                | (b[off + 3] & 0xFF);
    }

    static void putIntLE(byte[] b, int off, int value) {
        b[off] = (byte) value;
        b[off + 1] = (byte) (value >>> 8);
        b[off + 2] = (byte) (value >>> 16);
        b[off + 3] = (byte) (value >>> 24);
    }
}
