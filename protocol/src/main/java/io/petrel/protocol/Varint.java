package io.petrel.protocol;

import java.nio.ByteBuffer;

/**
 * Kafka's variable-length integers: unsigned LEB128 (7 bits a byte, high bit = more follows), and the
 * signed forms zigzag-encoded on top so small negative numbers stay short.
 *
 * <p>Used by flexible message versions (compact lengths, tagged fields) and by every record inside a
 * record batch v2. Readers reject encodings longer than the type allows, so a run of 0xff bytes is a
 * {@link ProtocolException}, not a silent overflow.
 */
public final class Varint {
    private Varint() {
    }

    public static int readUnsignedInt(ByteBuffer buf) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = next(buf);
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new ProtocolException("Varint is longer than the 5 bytes a 32-bit value allows");
    }

    public static int readInt(ByteBuffer buf) {
        int raw = readUnsignedInt(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static long readUnsignedLong(ByteBuffer buf) {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = next(buf);
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new ProtocolException("Varlong is longer than the 10 bytes a 64-bit value allows");
    }

    public static long readLong(ByteBuffer buf) {
        long raw = readUnsignedLong(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static void writeUnsignedInt(ByteBuffer buf, int value) {
        while ((value & 0xffffff80) != 0) {
            buf.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buf.put((byte) value);
    }

    public static void writeInt(ByteBuffer buf, int value) {
        writeUnsignedInt(buf, (value << 1) ^ (value >> 31));
    }

    public static void writeUnsignedLong(ByteBuffer buf, long value) {
        while ((value & 0xffffffffffffff80L) != 0L) {
            buf.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buf.put((byte) value);
    }

    public static void writeLong(ByteBuffer buf, long value) {
        writeUnsignedLong(buf, (value << 1) ^ (value >> 63));
    }

    public static int sizeOfUnsignedInt(int value) {
        // Each byte carries 7 bits; the bit length rounded up to 7s, at least one byte.
        int bits = 32 - Integer.numberOfLeadingZeros(value);
        return Math.max(1, (bits + 6) / 7);
    }

    public static int sizeOfInt(int value) {
        return sizeOfUnsignedInt((value << 1) ^ (value >> 31));
    }

    public static int sizeOfUnsignedLong(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value);
        return Math.max(1, (bits + 6) / 7);
    }

    public static int sizeOfLong(long value) {
        return sizeOfUnsignedLong((value << 1) ^ (value >> 63));
    }

    private static byte next(ByteBuffer buf) {
        if (!buf.hasRemaining()) {
            throw new ProtocolException("Varint is cut off: the buffer ended inside it");
        }
        return buf.get();
    }
}
