package io.petrel.protocol;

import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Properties of the varint codec over the edge values and many random ones (seeded, so a failure names
 * the value that broke it): each form round-trips, its size is what is written, and it writes the bytes
 * kafka-clients writes.
 */
class VarintProperties {
    private static final long[] EDGES = {0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, 16383, 16384,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 0xffffffffL};

    private static long[] values() {
        Random random = new Random(20261125L);
        LongStream randoms = LongStream.generate(() -> random.nextLong() >> random.nextInt(64)).limit(20_000);
        return LongStream.concat(LongStream.of(EDGES), randoms).toArray();
    }

    @Test
    void signedIntsRoundTripAndMatchKafka() {
        for (long v : values()) {
            int value = (int) v;
            ByteBuffer ours = ByteBuffer.allocate(5);
            Varint.writeInt(ours, value);
            assertEquals(Varint.sizeOfInt(value), ours.position(), "size of " + value);
            ByteBuffer theirs = ByteBuffer.allocate(5);
            ByteUtils.writeVarint(value, theirs);
            assertArrayEquals(bytes(theirs), bytes(ours), "bytes of " + value);
            assertEquals(value, Varint.readInt(ours.flip()));
        }
    }

    @Test
    void signedLongsRoundTripAndMatchKafka() {
        for (long value : values()) {
            ByteBuffer ours = ByteBuffer.allocate(10);
            Varint.writeLong(ours, value);
            assertEquals(Varint.sizeOfLong(value), ours.position(), "size of " + value);
            ByteBuffer theirs = ByteBuffer.allocate(10);
            ByteUtils.writeVarlong(value, theirs);
            assertArrayEquals(bytes(theirs), bytes(ours), "bytes of " + value);
            assertEquals(value, Varint.readLong(ours.flip()));
        }
    }

    @Test
    void unsignedIntsRoundTripAndMatchKafka() {
        for (long v : values()) {
            int value = (int) v;
            ByteBuffer ours = ByteBuffer.allocate(5);
            Varint.writeUnsignedInt(ours, value);
            assertEquals(Varint.sizeOfUnsignedInt(value), ours.position(), "size of " + value);
            ByteBuffer theirs = ByteBuffer.allocate(5);
            ByteUtils.writeUnsignedVarint(value, theirs);
            assertArrayEquals(bytes(theirs), bytes(ours), "bytes of " + value);
            assertEquals(value, Varint.readUnsignedInt(ours.flip()));
        }
    }

    @Test
    void unsignedLongsRoundTrip() {
        for (long value : values()) {
            ByteBuffer ours = ByteBuffer.allocate(10);
            Varint.writeUnsignedLong(ours, value);
            assertEquals(Varint.sizeOfUnsignedLong(value), ours.position(), "size of " + value);
            assertEquals(value, Varint.readUnsignedLong(ours.flip()));
        }
    }

    @Test
    void cutOffVarintsAreProtocolErrors() {
        for (long v : values()) {
            ByteBuffer buf = ByteBuffer.allocate(5);
            Varint.writeUnsignedInt(buf, (int) v | 0x80);
            buf.flip().limit(buf.limit() - 1);
            assertThrows(ProtocolException.class, () -> Varint.readUnsignedInt(buf), "cut-off varint of " + v);
        }
    }

    @Test
    void overlongVarintsAreProtocolErrors() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[]{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1});
        assertThrows(ProtocolException.class, () -> Varint.readUnsignedInt(buf.duplicate()));
        assertThrows(ProtocolException.class, () -> Varint.readUnsignedLong(buf.duplicate()));
    }

    private static byte[] bytes(ByteBuffer written) {
        ByteBuffer copy = written.duplicate().flip();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
