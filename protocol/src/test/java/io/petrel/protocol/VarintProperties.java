package io.petrel.protocol;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.utils.ByteUtils;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VarintProperties {

    @Property
    void signedIntsRoundTripAndMatchKafka(@ForAll int value) {
        ByteBuffer ours = ByteBuffer.allocate(5);
        Varint.writeInt(ours, value);
        assertEquals(Varint.sizeOfInt(value), ours.position());
        ByteBuffer theirs = ByteBuffer.allocate(5);
        ByteUtils.writeVarint(value, theirs);
        assertArrayEquals(bytes(theirs), bytes(ours));
        assertEquals(value, Varint.readInt(ours.flip()));
    }

    @Property
    void signedLongsRoundTripAndMatchKafka(@ForAll long value) {
        ByteBuffer ours = ByteBuffer.allocate(10);
        Varint.writeLong(ours, value);
        assertEquals(Varint.sizeOfLong(value), ours.position());
        ByteBuffer theirs = ByteBuffer.allocate(10);
        ByteUtils.writeVarlong(value, theirs);
        assertArrayEquals(bytes(theirs), bytes(ours));
        assertEquals(value, Varint.readLong(ours.flip()));
    }

    @Property
    void unsignedIntsRoundTripAndMatchKafka(@ForAll int value) {
        ByteBuffer ours = ByteBuffer.allocate(5);
        Varint.writeUnsignedInt(ours, value);
        assertEquals(Varint.sizeOfUnsignedInt(value), ours.position());
        ByteBuffer theirs = ByteBuffer.allocate(5);
        ByteUtils.writeUnsignedVarint(value, theirs);
        assertArrayEquals(bytes(theirs), bytes(ours));
        assertEquals(value, Varint.readUnsignedInt(ours.flip()));
    }

    @Property
    void unsignedLongsRoundTrip(@ForAll long value) {
        ByteBuffer ours = ByteBuffer.allocate(10);
        Varint.writeUnsignedLong(ours, value);
        assertEquals(Varint.sizeOfUnsignedLong(value), ours.position());
        assertEquals(value, Varint.readUnsignedLong(ours.flip()));
    }

    @Property
    void cutOffVarintsAreProtocolErrors(@ForAll int value) {
        ByteBuffer buf = ByteBuffer.allocate(5);
        Varint.writeUnsignedInt(buf, value | 0x80);
        buf.flip().limit(buf.limit() - 1);
        assertThrows(ProtocolException.class, () -> Varint.readUnsignedInt(buf));
    }

    @Property
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
