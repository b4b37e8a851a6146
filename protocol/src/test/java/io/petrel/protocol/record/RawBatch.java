package io.petrel.protocol.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Hand-laid batches, for bytes the builder would never write. */
final class RawBatch {
    private RawBatch() {
    }

    /** A batch at offset 42 around these record bytes, with a correct CRC. */
    static ByteBuffer of(byte[] records, int recordCount, int attributes) {
        ByteBuffer batch = ByteBuffer.allocate(61 + records.length);
        batch.putLong(42L).putInt(49 + records.length).putInt(-1).put((byte) 2).putInt(0)
                .putShort((short) attributes).putInt(Math.max(0, recordCount - 1)).putLong(1000L).putLong(1000L)
                .putLong(-1L).putShort((short) -1).putInt(-1).putInt(recordCount).put(records);
        batch.flip();
        fixCrc(batch);
        return batch;
    }

    /** Recomputes the CRC of the batch at index 0 of {@code batch}, over its bytes up to the limit. */
    static void fixCrc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(21));
        batch.putInt(17, (int) crc.getValue());
    }

    /** Zigzag varint bytes, written independently of the code under test. */
    static byte[] varint(long value) {
        long v = (value << 1) ^ (value >> 63);
        ByteBuffer out = ByteBuffer.allocate(10);
        while ((v & ~0x7fL) != 0) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /** Concatenated byte arrays. */
    static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    /** One record: its length prefix, then attributes 0 and the given encoded fields. */
    static byte[] record(byte[]... fields) {
        byte[] body = concat(new byte[] {0}, concat(fields));
        return concat(varint(body.length), body);
    }
}
