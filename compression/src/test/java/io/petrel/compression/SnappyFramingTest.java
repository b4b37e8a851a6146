package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyInputStream;

/** Snappy uses snappy-java's stream framing, which differs from both raw snappy and the snappy framing format. */
class SnappyFramingTest {

    private static final Codec SNAPPY = Codec.of(CompressionType.SNAPPY);
    private static final byte[] TEXT = Samples.text(200 * Samples.KB);

    @Test
    void framesStartWithSnappyJavasHeaderAndBigEndianChunkLengths() {
        byte[] frame = Samples.compress(SNAPPY, Samples.oneByte());

        // Magic 82 "SNAPPY" 00, version 1, compatible version 1, chunk of 3 bytes: length 1, literal 42.
        assertEquals("82534e415050590000000001000000010000000301002a", HexFormat.of().formatHex(frame));
    }

    @Test
    void snappyJavasReaderReadsOurFrames() throws IOException {
        byte[] frame = Samples.compress(SNAPPY, TEXT);

        try (InputStream in = new SnappyInputStream(new ByteArrayInputStream(frame))) {
            assertArrayEquals(TEXT, in.readAllBytes());
        }
    }

    @Test
    void concatenatedStreamsDecodeToTheConcatenatedContent() {
        byte[] first = Samples.compress(SNAPPY, Arrays.copyOf(TEXT, 1000));
        byte[] second = Samples.compress(SNAPPY, Arrays.copyOfRange(TEXT, 1000, 5000));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(first);
        both.writeBytes(second);

        assertArrayEquals(Arrays.copyOf(TEXT, 5000), Samples.decompress(SNAPPY, both.toByteArray(), 5000));
    }

    @Test
    void rawSnappyWithoutTheStreamHeaderIsAcceptedLikeSnappyJavaDoes() throws IOException {
        byte[] raw = Snappy.compress(TEXT);

        assertArrayEquals(TEXT, Samples.decompress(SNAPPY, raw, TEXT.length));
        try (InputStream in = new SnappyInputStream(new ByteArrayInputStream(raw))) {
            assertArrayEquals(TEXT, in.readAllBytes());
        }
    }

    @Test
    void emptyInputIsAnEmptyStreamAsForSnappyJava() {
        assertEquals(0, Samples.decompress(SNAPPY, new byte[0], 0).length);
    }

    @Test
    void aChunkLengthPastTheEndOfInputIsCorrupt() {
        byte[] frame = Samples.compress(SNAPPY, TEXT);
        frame[16] = 0x10; // first chunk now claims about 268 MB

        CompressionException e =
                assertThrows(CompressionException.class, () -> Samples.decompress(SNAPPY, frame, TEXT.length));
        assertTrue(e.getMessage().startsWith("snappy: corrupt or truncated input: input ends inside a chunk"),
                e.getMessage());
    }
}
