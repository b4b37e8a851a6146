package io.petrel.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Decoders meet random and damaged bytes: the only failure they may show is {@link ProtocolException};
 * an OutOfMemoryError, a NegativeArraySizeException or a BufferUnderflowException is a bug.
 */
class MessageDecodingProperties {

    record SchemaVersion(MessageSchema schema, short version) {
        @Override
        public String toString() {
            return schema.name() + " v" + version;
        }
    }

    @Provide
    Arbitrary<SchemaVersion> schemaVersions() {
        List<SchemaVersion> all = MessageOracleTest.allSchemas().stream()
                .flatMap(s -> java.util.stream.IntStream.rangeClosed(s.validVersions().lowest(), s.validVersions().highest())
                        .mapToObj(v -> new SchemaVersion(s, (short) v)))
                .toList();
        return Arbitraries.of(all);
    }

    @Property(tries = 2000)
    void randomMessagesRoundTrip(@ForAll("schemaVersions") SchemaVersion sv, @ForAll long seed) {
        Message message = RandomMessages.of(sv.schema(), sv.version(), seed);
        ByteBuffer bytes = sv.schema().serialize(message, sv.version());
        Message back = sv.schema().read(bytes, sv.version());
        assertFalse(bytes.hasRemaining());
        assertEquals(message, back);
    }

    @Property(tries = 3000)
    void randomBytesFailOnlyWithProtocolException(@ForAll("schemaVersions") SchemaVersion sv,
                                                  @ForAll @Size(max = 200) byte[] bytes) {
        decodeExpectingOnlyProtocolErrors(sv, ByteBuffer.wrap(bytes));
    }

    @Provide
    Arbitrary<int[]> damage() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 3)).as((at, value, kind) -> new int[]{at, value, kind});
    }

    @Property(tries = 3000)
    void damagedMessagesFailOnlyWithProtocolException(@ForAll("schemaVersions") SchemaVersion sv, @ForAll long seed,
                                                      @ForAll("damage") int[] damage) {
        ByteBuffer bytes = sv.schema().serialize(RandomMessages.of(sv.schema(), sv.version(), seed), sv.version());
        if (bytes.remaining() == 0) {
            return;
        }
        int at = damage[0] % bytes.remaining();
        switch (damage[2]) {
            case 0 -> bytes.limit(at); // truncated
            case 1 -> bytes.put(at, (byte) damage[1]); // one byte changed
            case 2 -> bytes.put(at, (byte) 0x7f); // a length made large
            default -> bytes.put(at, (byte) 0xff); // a length made negative or a varint made long
        }
        decodeExpectingOnlyProtocolErrors(sv, bytes);
    }

    private static void decodeExpectingOnlyProtocolErrors(SchemaVersion sv, ByteBuffer bytes) {
        try {
            sv.schema().read(bytes, sv.version());
        } catch (ProtocolException expected) {
            // The one failure a decoder may report.
        }
    }
}
