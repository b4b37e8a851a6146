package io.petrel.protocol.record;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A heap array and a write position that doubles its capacity when a write would not fit, so the
 * builder can put records straight into it without knowing the batch's final size. Writers work on
 * the array itself (see {@link #ensureRemaining(int)}), with no buffer bookkeeping per field.
 */
final class GrowableBuffer {
    /** The largest array size the JVM reliably grants. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private byte[] array;
    private int position;

    GrowableBuffer(int initialCapacity) {
        this.array = new byte[initialCapacity];
    }

    /** A buffer that starts with {@code array} (whatever it holds) as its storage. */
    GrowableBuffer(byte[] array) {
        this.array = array;
    }

    /**
     * The array, with at least {@code bytes} free after {@link #position()}; it may be a new one, so do
     * not keep it past the next call.
     */
    byte[] ensureRemaining(int bytes) {
        if (array.length - position < bytes) {
            grow((long) position + bytes);
        }
        return array;
    }

    /** The number of bytes written, which is also where the next write goes. */
    int position() {
        return position;
    }

    /** Moves the write position, within the array. */
    void position(int newPosition) {
        if (newPosition < 0 || newPosition > array.length) {
            throw new IndexOutOfBoundsException("position " + newPosition + " outside 0.." + array.length);
        }
        position = newPosition;
    }

    /** The array as it stands, for reading what was written: index 0 up to {@link #position()}. */
    byte[] array() {
        return array;
    }

    /** The bytes written, as a buffer over the array: position 0, limit at the bytes written. */
    ByteBuffer toBuffer() {
        return ByteBuffer.wrap(array, 0, position);
    }

    /** An {@link OutputStream} appending to this buffer, for a codec to write its output into. */
    OutputStream asOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                ensureRemaining(1)[position++] = (byte) b;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
                System.arraycopy(bytes, offset, ensureRemaining(length), position, length);
                position += length;
            }
        };
    }

    private void grow(long needed) {
        if (needed > MAX_CAPACITY) {
            throw new IllegalStateException("A record batch cannot grow to " + needed + " bytes; the limit is "
                    + MAX_CAPACITY);
        }
        int capacity = (int) Math.min(MAX_CAPACITY, Math.max(needed, 2L * array.length));
        array = Arrays.copyOf(array, capacity);
    }
}
