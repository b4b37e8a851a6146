package io.petrel.compression.internal;

import io.petrel.compression.CompressionType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Passes on at most {@code maxOutputBytes} decompressed bytes. Reads never ask the decoder for more
 * than the remaining allowance; once it is used up, a one-byte probe tells a clean end (which also
 * lets the decoder check its trailer) from output that would exceed the limit.
 */
final class BoundedInputStream extends InputStream {

    private final InputStream in;
    private final long maxOutputBytes;
    private final CompressionType type;
    private long count;

    BoundedInputStream(InputStream in, long maxOutputBytes, CompressionType type) {
        this.in = in;
        this.maxOutputBytes = maxOutputBytes;
        this.type = type;
    }

    @Override
    public int read() throws IOException {
        if (count >= maxOutputBytes) {
            return probeEnd();
        }
        int b = in.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (count >= maxOutputBytes) {
            return probeEnd();
        }
        int n = in.read(b, off, (int) Math.min(len, maxOutputBytes - count));
        if (n > 0) {
            count += n;
        }
        return n;
    }

    private int probeEnd() throws IOException {
        if (in.read() < 0) {
            return -1;
        }
        throw Failures.limitExceeded(type, maxOutputBytes);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
