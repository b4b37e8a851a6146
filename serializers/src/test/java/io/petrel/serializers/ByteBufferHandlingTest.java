package io.petrel.serializers;

import static io.petrel.serializers.KafkaReference.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How serializers and deserializers treat {@link ByteBuffer}s: what they read, copy and leave. */
class ByteBufferHandlingTest {

    /** Records the array handed to the byte[] method, to observe whether the default copied. */
    private static final class Capturing implements Deserializer<byte[]> {
        final AtomicReference<byte[]> seen = new AtomicReference<>();

        @Override
        public byte[] deserialize(String topic, byte[] data) {
            seen.set(data);
            return data;
        }
    }

    @Test
    void defaultBufferMethodPassesAWholeBackingArrayWithoutCopying() {
        byte[] array = {1, 2, 3};
        Capturing deserializer = new Capturing();
        deserializer.deserialize(TOPIC, new RecordHeaders(), ByteBuffer.wrap(array));
        assertSame(array, deserializer.seen.get());
    }

    @Test
    void defaultBufferMethodCopiesOnlyTheRemainingBytesOfAPartialBuffer() {
        byte[] array = {9, 1, 2, 3, 9};
        ByteBuffer buffer = ByteBuffer.wrap(array, 1, 3);
        Capturing deserializer = new Capturing();
        deserializer.deserialize(TOPIC, new RecordHeaders(), buffer);
        assertNotSame(array, deserializer.seen.get());
        assertArrayEquals(new byte[] {1, 2, 3}, deserializer.seen.get());
        assertEquals(1, buffer.position());
        assertEquals(4, buffer.limit());
    }

    @Test
    void defaultBufferMethodCopiesFromDirectAndReadOnlyBuffers() {
        ByteBuffer direct = ByteBuffer.allocateDirect(4).put(new byte[] {5, 6, 7, 8}).flip();
        Capturing deserializer = new Capturing();
        deserializer.deserialize(TOPIC, new RecordHeaders(), direct);
        assertArrayEquals(new byte[] {5, 6, 7, 8}, deserializer.seen.get());
        assertEquals(0, direct.position());

        deserializer.deserialize(TOPIC, new RecordHeaders(),
                ByteBuffer.wrap(new byte[] {1, 2}).asReadOnlyBuffer());
        assertArrayEquals(new byte[] {1, 2}, deserializer.seen.get());
    }

    @Test
    void defaultBufferMethodCopiesASliceWithNonZeroArrayOffset() {
        byte[] array = {0, 1, 2, 3};
        ByteBuffer slice = ByteBuffer.wrap(array).position(1).slice();
        Capturing deserializer = new Capturing();
        deserializer.deserialize(TOPIC, new RecordHeaders(), slice);
        assertArrayEquals(new byte[] {1, 2, 3}, deserializer.seen.get());
    }

    @Test
    void numbersAreReadBigEndianWhateverTheBufferOrder() {
        ByteBuffer littleEndian =
                ByteBuffer.wrap(new byte[] {0x12, 0x34, 0x56, 0x78}).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x12345678,
                new IntegerDeserializer().deserialize(TOPIC, new RecordHeaders(), littleEndian));
        assertEquals((short) 0x1234, new ShortDeserializer().deserialize(TOPIC, new RecordHeaders(),
                ByteBuffer.wrap(new byte[] {0x12, 0x34}).order(ByteOrder.LITTLE_ENDIAN)));
        assertEquals(0x0102030405060708L, new LongDeserializer().deserialize(TOPIC,
                new RecordHeaders(),
                ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).order(ByteOrder.LITTLE_ENDIAN)));
        assertEquals(1.0f, new FloatDeserializer().deserialize(TOPIC, new RecordHeaders(),
                ByteBuffer.wrap(new byte[] {0x3f, (byte) 0x80, 0, 0}).order(ByteOrder.LITTLE_ENDIAN)));
        assertEquals(1.0, new DoubleDeserializer().deserialize(TOPIC, new RecordHeaders(),
                ByteBuffer.wrap(new byte[] {0x3f, (byte) 0xf0, 0, 0, 0, 0, 0, 0})
                        .order(ByteOrder.LITTLE_ENDIAN)));
        assertEquals(ByteOrder.LITTLE_ENDIAN, littleEndian.order());
        assertEquals(0, littleEndian.position());
    }

    @Test
    void byteBufferDeserializerReturnsAnIndependentSliceOfTheRemainingBytes() {
        ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9}, 1, 3);
        ByteBuffer result = new ByteBufferDeserializer().deserialize(TOPIC, new RecordHeaders(), source);

        assertEquals(0, result.position());
        assertEquals(3, result.limit());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), result);

        result.get();
        assertEquals(1, source.position(), "reading the result must not move the source");
    }

    @Test
    void byteBufferDeserializerResultReserializesToTheSameBytes() {
        ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9}, 1, 3);
        ByteBuffer result = new ByteBufferDeserializer().deserialize(TOPIC, new RecordHeaders(), source);
        assertArrayEquals(new byte[] {1, 2, 3}, new ByteBufferSerializer().serialize(TOPIC, result));
    }

    @Test
    void byteBufferDeserializerWrapsArrays() {
        byte[] array = {1, 2, 3};
        ByteBuffer result = new ByteBufferDeserializer().deserialize(TOPIC, array);
        assertSame(array, result.array());
        assertEquals(0, result.position());
        assertEquals(3, result.limit());
    }

    @Test
    void byteBufferSerializerReturnsAnExactlySizedBackingArrayWithoutCopying() {
        byte[] array = {1, 2, 3};
        assertSame(array, new ByteBufferSerializer().serialize(TOPIC, ByteBuffer.wrap(array)));
    }

    @Test
    void byteBufferSerializerWritesUpToTheLimitAndLeavesTheBufferAlone() {
        ByteBuffer buffer = ByteBuffer.allocate(16).put(new byte[] {4, 5, 6}).flip();
        buffer.position(1);
        byte[] bytes = new ByteBufferSerializer().serialize(TOPIC, buffer);

        assertArrayEquals(new byte[] {4, 5, 6}, bytes);
        assertEquals(1, buffer.position());
        assertEquals(3, buffer.limit());
    }

    @Test
    void byteBufferSerializerHandlesDirectBuffers() {
        ByteBuffer direct = ByteBuffer.allocateDirect(8).put(new byte[] {7, 8}).flip();
        assertArrayEquals(new byte[] {7, 8}, new ByteBufferSerializer().serialize(TOPIC, direct));
        assertEquals(0, direct.position());
    }

    @Test
    void stringDeserializerDecodesInPlace() {
        byte[] backing = "xxhelloyy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(backing, 2, 5);
        assertEquals("hello", new StringDeserializer().deserialize(TOPIC, new RecordHeaders(), buffer));
        assertEquals(2, buffer.position());
    }
}
