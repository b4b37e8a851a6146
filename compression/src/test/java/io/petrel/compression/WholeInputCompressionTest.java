package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Codec#compress(byte[], int, int, OutputStream)}, the whole input in one call (a record batch's records):
 * kafka-clients and Petrel read its frame back, every codec but zstd writes exactly its stream's bytes, and zstd's
 * frame is zstd's own one-shot frame at the codec's level, which records the content size.
 */
class WholeInputCompressionTest {

    private static final Map<String, byte[]> INPUTS = Samples.namedInputs();

    static {
        INPUTS.put("3 MB text, beyond what zstd compresses in one call", Samples.text(3 * Samples.MB));
    }

    static Stream<Arguments> codecsAndInputs() {
        return Samples.everyCodecWith(INPUTS);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("codecsAndInputs")
    void kafkaAndPetrelReadTheFrameBack(CompressionType type, String name, byte[] input) throws IOException {
        byte[] frame = whole(Codec.of(type), input, 0, input.length);

        assertArrayEquals(input, KafkaReference.decompress(KafkaReference.compression(type), frame));
        assertArrayEquals(input, Samples.decompress(Codec.of(type), frame, input.length));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("codecsAndInputs")
    void aCodecOtherThanZstdWritesItsStreamsBytes(CompressionType type, String name, byte[] input) throws IOException {
        if (type == CompressionType.ZSTD) {
            return;
        }
        assertArrayEquals(Samples.compress(Codec.of(type), input), whole(Codec.of(type), input, 0, input.length));
    }

    @Test
    void zstdWritesZstdsOneShotFrameAtTheCodecsLevelWhateverLevelItsPooledContextHadBefore() throws IOException {
        byte[] input = Samples.text(200 * Samples.KB);
        for (int level : new int[] {3, 19, -5, 1, 3, 22, 3}) {
            byte[] frame = whole(Codec.of(CompressionType.ZSTD, level), input, 0, input.length);

            assertArrayEquals(Zstd.compress(input, level), frame, "level " + level);
        }
    }

    @Test
    void zstdsFrameRecordsTheContentSizeUnlessStreamed() throws IOException {
        byte[] batch = Samples.text(100 * Samples.KB);
        byte[] large = Samples.text(3 * Samples.MB);

        assertEquals(batch.length, Zstd.getFrameContentSize(whole(Codec.of(CompressionType.ZSTD), batch, 0, batch.length)));
        assertArrayEquals(Samples.compress(Codec.of(CompressionType.ZSTD), large),
                whole(Codec.of(CompressionType.ZSTD), large, 0, large.length), "too large for one call: streamed");
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void onlyTheRangeIsCompressedAndTheOutputStaysOpen(CompressionType type) throws IOException {
        byte[] input = Samples.text(50 * Samples.KB);
        ClosingTracker out = new ClosingTracker();

        Codec.of(type).compress(input, 1000, 20_000, out);

        assertFalse(out.closed, "the caller's output is left open");
        byte[] range = java.util.Arrays.copyOfRange(input, 1000, 21_000);
        assertArrayEquals(range, Samples.decompress(Codec.of(type), out.bytes.toByteArray(), range.length));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aRangeOutsideTheInputIsRefused(CompressionType type) {
        byte[] input = new byte[100];
        Codec codec = Codec.of(type);

        assertThrows(IndexOutOfBoundsException.class, () -> codec.compress(input, 50, 51, new ByteArrayOutputStream()));
        assertThrows(IndexOutOfBoundsException.class, () -> codec.compress(input, -1, 10, new ByteArrayOutputStream()));
    }

    @Test
    void anOutputsFailureReachesTheCallerAndTheNextCallStillWorks() throws IOException {
        byte[] input = Samples.text(100 * Samples.KB);
        Codec zstd = Codec.of(CompressionType.ZSTD);
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };

        IOException e = assertThrows(IOException.class, () -> zstd.compress(input, 0, input.length, failing));
        assertEquals("disk full", e.getMessage());
        assertArrayEquals(input, Samples.decompress(zstd, whole(zstd, input, 0, input.length), input.length));
    }

    private static byte[] whole(Codec codec, byte[] input, int offset, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.compress(input, offset, length, out);
        return out.toByteArray();
    }

    /** Collects what is written and remembers whether it was closed. */
    private static final class ClosingTracker extends FilterOutputStream {
        final ByteArrayOutputStream bytes;
        boolean closed;

        ClosingTracker() {
            this(new ByteArrayOutputStream());
        }

        private ClosingTracker(ByteArrayOutputStream bytes) {
            super(bytes);
            this.bytes = bytes;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
