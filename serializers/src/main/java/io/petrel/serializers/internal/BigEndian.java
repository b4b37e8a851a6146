package io.petrel.serializers.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads and writes fixed-width integers in big-endian (network) byte order.
 *
 * <p>The {@link ByteBuffer} readers use absolute indexes, so they leave the buffer's position
 * untouched, and they read big-endian whatever {@link ByteBuffer#order()} the buffer is set to.
 */
public final class BigEndian {

    private BigEndian() {
    }

    /**
     * Encodes a short as 2 bytes.
     *
     * @param value the value
     * @return a new 2-byte array
     */
    public static byte[] shortBytes(short value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    /**
     * Encodes an int as 4 bytes.
     *
     * @param value the value
     * @return a new 4-byte array
     */
    public static byte[] intBytes(int value) {
        return new byte[] {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
        };
    }

    /**
     * Encodes a long as 8 bytes.
     *
     * @param value the value
     * @return a new 8-byte array
     */
    public static byte[] longBytes(long value) {
        byte[] bytes = new byte[Long.BYTES];
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }

    /**
     * Decodes a short from the first 2 bytes of an array.
     *
     * @param bytes at least 2 bytes
     * @return the decoded value
     */
    public static short readShort(byte[] bytes) {
        return (short) (((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF));
    }

    /**
     * Decodes an int from the first 4 bytes of an array.
     *
     * @param bytes at least 4 bytes
     * @return the decoded value
     */
    public static int readInt(byte[] bytes) {
        return ((bytes[0] & 0xFF) << 24)
                | ((bytes[1] & 0xFF) << 16)
                | ((bytes[2] & 0xFF) << 8)
                | (bytes[3] & 0xFF);
    }

    /**
     * Decodes a long from the first 8 bytes of an array.
     *
     * @param bytes at least 8 bytes
     * @return the decoded value
     */
    public static long readLong(byte[] bytes) {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    /**
     * Decodes a short at the buffer's position without moving it.
     *
     * @param buffer a buffer with at least 2 bytes remaining
     * @return the decoded value
     */
    public static short readShort(ByteBuffer buffer) {
        short value = buffer.getShort(buffer.position());
        return buffer.order() == ByteOrder.BIG_ENDIAN ? value : Short.reverseBytes(value);
    }

    /**
     * Decodes an int at the buffer's position without moving it.
     *
     * @param buffer a buffer with at least 4 bytes remaining
     * @return the decoded value
     */
    public static int readInt(ByteBuffer buffer) {
        int value = buffer.getInt(buffer.position());
        return buffer.order() == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value);
    }

    /**
     * Decodes a long at the buffer's position without moving it.
     *
     * @param buffer a buffer with at least 8 bytes remaining
     * @return the decoded value
     */
    public static long readLong(ByteBuffer buffer) {
        long value = buffer.getLong(buffer.position());
        return buffer.order() == ByteOrder.BIG_ENDIAN ? value : Long.reverseBytes(value);
    }
}
