package io.petrel.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Decoders meet random and damaged bytes across every schema and version: the only failure they may
 * show is {@link ProtocolException}; an OutOfMemoryError, a NegativeArraySizeException or a
 * BufferUnderflowException is a bug. Inputs come from a seeded generator, and every assertion names the
 * schema, version and seed that reproduce it.
 */
class MessageDecodingProperties {
    private static final int TRIES = 5_000;

    record SchemaVersion(MessageSchema schema, short version) {
        @Override
        public String toString() {
            return schema.name() + " v" + version;
        }
    }

    private static final List<SchemaVersion> ALL = MessageOracleTest.allSchemas().stream()
            .flatMap(s -> IntStream.rangeClosed(s.validVersions().lowest(), s.validVersions().highest())
                    .mapToObj(v -> new SchemaVersion(s, (short) v)))
            .toList();

    @Test
    void randomMessagesRoundTrip() {
        Random random = new Random(1);
        for (int i = 0; i < TRIES; i++) {
            SchemaVersion sv = ALL.get(random.nextInt(ALL.size()));
            long seed = random.nextLong();
            Message message = RandomMessages.of(sv.schema(), sv.version(), seed);
            ByteBuffer bytes = sv.schema().serialize(message, sv.version());
            Message back = sv.schema().read(bytes, sv.version());
            assertFalse(bytes.hasRemaining(), sv + " seed " + seed);
            assertEquals(message, back, sv + " seed " + seed);
        }
    }

    @Test
    void randomBytesFailOnlyWithProtocolException() {
        Random random = new Random(2);
        for (int i = 0; i < TRIES; i++) {
            SchemaVersion sv = ALL.get(random.nextInt(ALL.size()));
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            decodeExpectingOnlyProtocolErrors(sv, ByteBuffer.wrap(bytes));
        }
    }

    @Test
    void damagedMessagesFailOnlyWithProtocolException() {
        Random random = new Random(3);
        for (int i = 0; i < TRIES; i++) {
            SchemaVersion sv = ALL.get(random.nextInt(ALL.size()));
            ByteBuffer bytes = sv.schema().serialize(RandomMessages.of(sv.schema(), sv.version(), random.nextLong()), sv.version());
            if (bytes.remaining() == 0) {
                continue;
            }
            int at = random.nextInt(bytes.remaining());
            switch (random.nextInt(4)) {
                case 0 -> bytes.limit(at); // truncated
                case 1 -> bytes.put(at, (byte) random.nextInt()); // one byte changed
                case 2 -> bytes.put(at, (byte) 0x7f); // a length made large
                default -> bytes.put(at, (byte) 0xff); // a length made negative or a varint made long
            }
            decodeExpectingOnlyProtocolErrors(sv, bytes);
        }
    }

    private static void decodeExpectingOnlyProtocolErrors(SchemaVersion sv, ByteBuffer bytes) {
        try {
            sv.schema().read(bytes, sv.version());
        } catch (ProtocolException expected) {
            // The one failure a decoder may report; anything else propagates and fails the test.
        }
    }
}
