package io.petrel.compression.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pooled-context encoder writes exactly what zstd-jni's own stream writes, whichever level the pooled
 * context last compressed at, with flushes mid-frame, and for no input at all.
 */
class ZstdPooledContextOutputStreamTest {

    private static final byte[] RECORDS = records(200_000);

    @Test
    void aContextUsedAtOtherLevelsBeforeWritesTheSameFrameAsAFreshStream() throws IOException {
        for (int level : new int[] {3, 19, -5, 1, 3, 22, 3}) {
            assertArrayEquals(reference(RECORDS, level, false), pooled(RECORDS, level, false), "level " + level);
        }
    }

    @Test
    void aFlushMidFrameGivesTheSameBytesAsZstdJnisFlush() throws IOException {
        assertArrayEquals(reference(RECORDS, 3, true), pooled(RECORDS, 3, true));
    }

    @Test
    void noWriteAndAnEmptyWriteBothGiveAnEmptyFrame() throws IOException {
        assertArrayEquals(reference(new byte[0], 3, false), pooled(new byte[0], 3, false));
        assertEquals(9, pooled(new byte[0], 3, false).length, "an empty zstd frame, as kafka-clients writes one");
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdPooledContextOutputStream(empty, 3)) {
            out.write(new byte[0]);
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdOutputStreamNoFinalizer(expected, RecyclingBufferPool.INSTANCE, 3)) {
            out.write(new byte[0]);
        }
        assertArrayEquals(expected.toByteArray(), empty.toByteArray());
    }

    @Test
    void aClosedStreamRefusesWrites() throws IOException {
        OutputStream out = new ZstdPooledContextOutputStream(new ByteArrayOutputStream(), 3);
        out.close();
        IOException e = assertThrows(IOException.class, () -> out.write(RECORDS, 0, 10));
        assertEquals("zstd: stream closed", e.getMessage());
    }

    /** Writes {@code input} in uneven pieces, with a flush after the first half if asked. */
    private static byte[] pooled(byte[] input, int level, boolean flushHalfway) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdPooledContextOutputStream(sink, level)) {
            writeInPieces(out, input, flushHalfway);
        }
        return sink.toByteArray();
    }

    private static byte[] reference(byte[] input, int level, boolean flushHalfway) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdOutputStreamNoFinalizer(sink, RecyclingBufferPool.INSTANCE, level)) {
            writeInPieces(out, input, flushHalfway);
        }
        return sink.toByteArray();
    }

    private static void writeInPieces(OutputStream out, byte[] input, boolean flushHalfway) throws IOException {
        int offset = 0;
        boolean flushed = false;
        for (int step = 1000; offset < input.length; step = step * 7 % 50_000 + 100) {
            int n = Math.min(step, input.length - offset);
            out.write(input, offset, n);
            offset += n;
            if (flushHalfway && !flushed && offset >= input.length / 2) {
                out.flush();
                flushed = true;
            }
        }
    }

    /** Record-like bytes: random letters, which compress about as well as the benchmark's values. */
    private static byte[] records(int size) {
        Random random = new Random(17);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('A' + random.nextInt(26));
        }
        return bytes;
    }
}
