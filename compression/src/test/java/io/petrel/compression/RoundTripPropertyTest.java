package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** decompress(compress(x)) == x, for every codec, level, input and way of writing it. */
class RoundTripPropertyTest {

    /** Any codec at any level it accepts. */
    @Provide
    Arbitrary<Codec> codecs() {
        return Arbitraries.of(CompressionType.values()).flatMap(type -> type.hasLevels()
                ? Arbitraries.integers().between(type.minLevel(), type.maxLevel())
                        .edgeCases(edges -> edges.includeOnly(type.minLevel(), type.maxLevel()))
                        .map(level -> Codec.of(type, level))
                : Arbitraries.just(Codec.of(type)));
    }

    /** Random bytes, or repetitive bytes (runs drawn from a small alphabet) that actually compress. */
    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(5000);
        Arbitrary<byte[]> repetitive = Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20),
                        Arbitraries.integers().between(0, 200_000))
                .as((unit, size) -> {
                    byte[] out = new byte[size];
                    for (int i = 0; i < size; i++) {
                        out[i] = unit[(i / 3) % unit.length];
                    }
                    return out;
                });
        return Arbitraries.oneOf(random, repetitive);
    }

    @Property(tries = 400)
    void bufferRoundTrip(@ForAll("codecs") Codec codec, @ForAll("payloads") byte[] data) {
        byte[] compressed = Samples.compress(codec, data);

        assertArrayEquals(data, Samples.decompress(codec, compressed, data.length));
    }

    @Property(tries = 300)
    void streamRoundTripWithArbitraryWriteSizes(
            @ForAll("codecs") Codec codec, @ForAll("payloads") byte[] data,
            @ForAll @IntRange(min = 1, max = 70_000) int writeSize) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = codec.compressingStream(sink)) {
            for (int offset = 0; offset < data.length; offset += writeSize) {
                out.write(data, offset, Math.min(writeSize, data.length - offset));
            }
        }

        try (InputStream in = codec.decompressingStream(new ByteArrayInputStream(sink.toByteArray()), data.length)) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Property(tries = 200)
    void kafkaReadsWhatPetrelWritesAtAnyLevel(@ForAll("codecs") Codec codec, @ForAll @Size(max = 3000) byte[] data) {
        byte[] compressed = Samples.compress(codec, data);

        assertArrayEquals(data, KafkaReference.decompress(KafkaReference.compression(codec.type()), compressed));
    }
}
