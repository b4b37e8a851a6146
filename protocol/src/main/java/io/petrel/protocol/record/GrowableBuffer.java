package io.petrel.protocol.record;

import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A heap {@link ByteBuffer} in write mode that doubles its capacity when a write would not fit, so the
 * builder can put records straight into it without knowing the batch's final size.
 */
final class GrowableBuffer {
    /** The largest array size the JVM reliably grants. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private ByteBuffer buf;

    GrowableBuffer(int initialCapacity) {
        this.buf = ByteBuffer.allocate(initialCapacity);
    }

    /** The buffer, with at least {@code bytes} remaining; it may be a new one, so do not keep it. */
    ByteBuffer ensureRemaining(int bytes) {
        if (buf.remaining() < bytes) {
            grow((long) buf.position() + bytes);
        }
        return buf;
    }

    /** The buffer as it stands, in write mode (position = bytes written). */
    ByteBuffer buffer() {
        return buf;
    }

    /** An {@link OutputStream} appending to this buffer, for a codec to write its output into. */
    OutputStream asOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                ensureRemaining(1).put((byte) b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                ensureRemaining(length).put(bytes, offset, length);
            }
        };
    }

    private void grow(long needed) {
        if (needed > MAX_CAPACITY) {
            throw new IllegalStateException("A record batch cannot grow to " + needed + " bytes; the limit is "
                    + MAX_CAPACITY);
        }
        int capacity = (int) Math.min(MAX_CAPACITY, Math.max(needed, 2L * buf.capacity()));
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }
}
