package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The LZ4 frame layout, checked against the specification and lz4-java's independent frame codec. */
class Lz4FrameTest {

    private static final Codec LZ4 = Codec.of(CompressionType.LZ4);
    private static final byte[] TEXT = Samples.text(300 * Samples.KB);

    /** Magic, FLG, BD, optional content size, and a correct header checksum. */
    static byte[] header(int flg, int bd, long contentSize) {
        boolean hasSize = (flg & 0x08) != 0;
        ByteBuffer header = ByteBuffer.allocate(hasSize ? 15 : 7).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x184D2204).put((byte) flg).put((byte) bd);
        if (hasSize) {
            header.putLong(contentSize);
        }
        int checksum = XXHashFactory.safeInstance().hash32().hash(header.array(), 4, header.position() - 4, 0);
        header.put((byte) (checksum >>> 8));
        return header.array();
    }

    @Test
    void headerIsKafkasIndependent64KbBlocksWithACorrectChecksum() {
        byte[] frame = Samples.compress(LZ4, Samples.oneByte());

        // Magic 0x184D2204 little-endian, FLG 0x60 (version 01, independent blocks), BD 0x40 (64 KB).
        assertArrayEquals(header(0x60, 0x40, 0), Arrays.copyOf(frame, 7));
        assertEquals("04224d186040", HexFormat.of().formatHex(frame, 0, 6));
    }

    @Test
    void emptyInputIsAHeaderAndAnEndMark() {
        byte[] frame = Samples.compress(LZ4, Samples.empty());

        assertEquals(HexFormat.of().formatHex(header(0x60, 0x40, 0)) + "00000000", HexFormat.of().formatHex(frame));
    }

    @Test
    void incompressibleBlocksAreStoredWithTheHighBitSet() {
        byte[] data = Samples.random(64 * Samples.KB + 10, 3);
        ByteBuffer frame = ByteBuffer.wrap(Samples.compress(LZ4, data)).order(ByteOrder.LITTLE_ENDIAN);

        frame.position(7);
        assertEquals(0x80000000 | 64 * Samples.KB, frame.getInt());
        frame.position(frame.position() + 64 * Samples.KB);
        assertEquals(0x80000000 | 10, frame.getInt());
        frame.position(frame.position() + 10);
        assertEquals(0, frame.getInt());
        assertEquals(0, frame.remaining());
    }

    @Test
    void lz4JavaFrameReaderReadsOurFrames() throws IOException {
        byte[] frame = Samples.compress(LZ4, TEXT);

        try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(frame))) {
            assertArrayEquals(TEXT, in.readAllBytes());
        }
    }

    static Stream<Arguments> frameOptions() {
        return Stream.of(
                Arguments.of(BLOCKSIZE.SIZE_64KB, new Bits[] {Bits.BLOCK_INDEPENDENCE}),
                Arguments.of(BLOCKSIZE.SIZE_256KB, new Bits[] {Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM}),
                Arguments.of(BLOCKSIZE.SIZE_1MB, new Bits[] {Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_CHECKSUM}),
                Arguments.of(BLOCKSIZE.SIZE_4MB, new Bits[] {Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_SIZE}),
                Arguments.of(BLOCKSIZE.SIZE_64KB, new Bits[] {
                    Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM, Bits.CONTENT_CHECKSUM, Bits.CONTENT_SIZE
                }));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("frameOptions")
    void readsFramesWithEveryOptionalField(BLOCKSIZE blockSize, Bits[] bits) throws IOException {
        byte[] frame = lz4JavaFrame(TEXT, blockSize, bits);

        assertArrayEquals(TEXT, Samples.decompress(LZ4, frame, TEXT.length));
    }

    @Test
    void contentChecksumIsVerified() throws IOException {
        byte[] frame = lz4JavaFrame(TEXT, BLOCKSIZE.SIZE_64KB, Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_CHECKSUM);
        frame[frame.length - 1] ^= 1;

        CompressionException e =
                assertThrows(CompressionException.class, () -> Samples.decompress(LZ4, frame, TEXT.length));
        assertEquals("lz4: corrupt or truncated input: content checksum mismatch", e.getMessage());
    }

    @Test
    void blockChecksumIsVerified() throws IOException {
        byte[] frame = lz4JavaFrame(TEXT, BLOCKSIZE.SIZE_64KB, Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM);
        frame[12] ^= 1; // inside the first block's data

        CompressionException e =
                assertThrows(CompressionException.class, () -> Samples.decompress(LZ4, frame, TEXT.length));
        assertTrue(e.getMessage().startsWith("lz4: corrupt or truncated input"), e.getMessage());
    }

    @Test
    void headerChecksumIsVerified() {
        byte[] frame = Samples.compress(LZ4, TEXT);
        frame[6] ^= 1;

        CompressionException e =
                assertThrows(CompressionException.class, () -> Samples.decompress(LZ4, frame, TEXT.length));
        assertEquals("lz4: corrupt or truncated input: frame header checksum mismatch", e.getMessage());
    }

    @Test
    void wrongContentSizeIsCorrupt() throws IOException {
        byte[] frame = Samples.compress(LZ4, TEXT);
        byte[] withSize = Samples.concat(header(0x68, 0x40, TEXT.length + 1L), Arrays.copyOfRange(frame, 7, frame.length));

        CompressionException e =
                assertThrows(CompressionException.class, () -> Samples.decompress(LZ4, withSize, Samples.MB));
        assertTrue(e.getMessage().contains("declares " + (TEXT.length + 1)), e.getMessage());
    }

    @Test
    void linkedBlocksAndDictionariesAreRefusedAsUnsupported() {
        byte[] linked = Samples.concat(header(0x40, 0x40, 0), new byte[4]);
        byte[] dictionary = header(0x61, 0x40, 0);
        dictionary = Samples.concat(Arrays.copyOf(dictionary, 6), new byte[] {1, 2, 3, 4}, new byte[1]);
        dictionary[10] = (byte) (XXHashFactory.safeInstance().hash32().hash(dictionary, 4, 6, 0) >>> 8);
        byte[] dictionaryFrame = dictionary;

        CompressionException e1 = assertThrows(CompressionException.class, () -> Samples.decompress(LZ4, linked, 10));
        CompressionException e2 =
                assertThrows(CompressionException.class, () -> Samples.decompress(LZ4, dictionaryFrame, 10));
        assertEquals("lz4: unsupported input: frames with linked blocks", e1.getMessage());
        assertEquals("lz4: unsupported input: frames that need a dictionary", e2.getMessage());
    }

    @Test
    void flushEndsABlockEarlyAndTheFrameStaysValid() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = LZ4.compressingStream(sink)) {
            out.write(TEXT, 0, 1000);
            out.flush();
            int afterFlush = sink.size();
            assertTrue(afterFlush > 7, "flush wrote " + afterFlush + " bytes");
            out.write(TEXT, 1000, TEXT.length - 1000);
        }

        assertArrayEquals(TEXT, Samples.decompress(LZ4, sink.toByteArray(), TEXT.length));
        assertArrayEquals(TEXT, KafkaReference.decompress(KafkaReference.compression(CompressionType.LZ4),
                sink.toByteArray()));
    }

    private static byte[] lz4JavaFrame(byte[] data, BLOCKSIZE blockSize, Bits... bits) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(sink, blockSize, data.length, bits)) {
            out.write(data);
        }
        return sink.toByteArray();
    }
}
