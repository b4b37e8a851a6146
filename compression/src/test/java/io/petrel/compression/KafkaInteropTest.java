package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Petrel and kafka-clients 4.3.1 read each other's frames, and write the very same bytes. */
class KafkaInteropTest {

    private static final Map<String, byte[]> INPUTS = Samples.namedInputs();

    static {
        INPUTS.put("300 KB incompressible", Samples.random(300 * Samples.KB, 2));
    }

    static Stream<Arguments> codecsAndInputs() {
        return Samples.everyCodecWith(INPUTS);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("codecsAndInputs")
    void kafkaDecompressesWhatPetrelCompresses(CompressionType type, String name, byte[] input) {
        byte[] compressed = Samples.compress(Codec.of(type), input);

        assertArrayEquals(input, KafkaReference.decompress(KafkaReference.compression(type), compressed));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("codecsAndInputs")
    void petrelDecompressesWhatKafkaCompresses(CompressionType type, String name, byte[] input) throws IOException {
        Compression kafka = KafkaReference.compression(type);
        byte[] compressed = KafkaReference.compress(kafka, input);

        assertArrayEquals(input, Samples.decompress(Codec.of(type), compressed, input.length));
        try (InputStream in = Codec.of(type).decompressingStream(new java.io.ByteArrayInputStream(compressed),
                input.length)) {
            assertArrayEquals(input, in.readAllBytes());
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("codecsAndInputs")
    void petrelWritesTheSameBytesAsKafka(CompressionType type, String name, byte[] input) {
        byte[] kafka = KafkaReference.compress(KafkaReference.compression(type), input);

        assertArrayEquals(kafka, Samples.compress(Codec.of(type), input));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("codecsAndInputs")
    void streamingCompressionWritesTheSameFrameAsTheBufferMethod(CompressionType type, String name, byte[] input)
            throws IOException {
        Codec codec = Codec.of(type);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = codec.compressingStream(sink)) {
            // Uneven writes, as a record encoder would issue them.
            int offset = 0;
            for (int step = 1; offset < input.length; step = step * 3 % 10_007 + 1) {
                int n = Math.min(step, input.length - offset);
                if (n == 1) {
                    out.write(input[offset]);
                } else {
                    out.write(input, offset, n);
                }
                offset += n;
            }
        }

        assertArrayEquals(Samples.compress(codec, input), sink.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void idsAndNamesMatchKafka(CompressionType type) {
        org.apache.kafka.common.record.internal.CompressionType kafka = KafkaReference.kafkaType(type);

        assertEquals(kafka.name, type.configName());
        assertEquals(kafka.id, type.id());
        assertEquals(kafka.name(), type.name());
        if (type.hasLevels()) {
            assertEquals(kafka.minLevel(), type.minLevel());
            assertEquals(kafka.maxLevel(), type.maxLevel());
            assertEquals(kafka.defaultLevel(), type.defaultLevel());
        }
    }
}
