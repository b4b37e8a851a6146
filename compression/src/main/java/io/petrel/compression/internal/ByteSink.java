package io.petrel.compression.internal;

import io.petrel.compression.CompressionException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An unsynchronized growable in-memory sink whose content is handed out as a buffer without a
 * final copy.
 */
final class ByteSink extends OutputStream {

    private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

    private byte[] bytes;
    private int count;

    ByteSink(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    @Override
    public void write(int b) {
        ensureCapacity(count + 1L);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureCapacity((long) count + len);
        System.arraycopy(b, off, bytes, count, len);
        count += len;
    }

    ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(bytes, 0, count).slice();
    }

    private void ensureCapacity(long needed) {
        if (needed <= bytes.length) {
            return;
        }
        if (needed > MAX_ARRAY_SIZE) {
            throw new CompressionException("Compressed output exceeds the largest possible buffer of "
                    + MAX_ARRAY_SIZE + " bytes");
        }
        long grown = Math.max(needed, Math.min(MAX_ARRAY_SIZE, 2L * bytes.length));
        bytes = Arrays.copyOf(bytes, (int) grown);
    }
}
