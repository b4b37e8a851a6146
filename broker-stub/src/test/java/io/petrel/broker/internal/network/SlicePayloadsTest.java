package io.petrel.broker.internal.network;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;
import io.petrel.broker.internal.log.LogSlice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fetch response's record slices leave as buffers holding the segment's bytes when they are small together (or on
 * TLS), as file regions when large, and a failed read leaves no buffer allocated.
 */
class SlicePayloadsTest {
    private static final int LIMIT = SlicePayloads.COPY_UP_TO_BYTES;

    @TempDir
    Path dir;
    private byte[] content;
    private FileChannel segment;
    private final RecordingAllocator alloc = new RecordingAllocator();

    @BeforeEach
    void writeASegment() throws IOException {
        content = new byte[3 * LIMIT];
        new Random(17).nextBytes(content);
        Path file = dir.resolve("00000000000000000000.log");
        Files.write(file, content);
        segment = FileChannel.open(file, StandardOpenOption.READ);
    }

    @AfterEach
    void closeTheSegment() throws IOException {
        segment.close();
    }

    @Test
    void smallSlicesAreReadIntoBuffersHoldingTheSegmentsBytesInOrder() {
        List<LogSlice> slices = List.of(new LogSlice(segment, 10, 1_000), new LogSlice(segment, 5_000, 3_000),
                new LogSlice(segment, 9_000, 0));

        List<Object> payloads = SlicePayloads.of(slices, false, alloc);

        assertEquals(3, payloads.size());
        for (int i = 0; i < slices.size(); i++) {
            assertBytesOf(slices.get(i), assertInstanceOf(ByteBuf.class, payloads.get(i)));
        }
        releaseAll(payloads);
    }

    @Test
    void recordsUpToTheLimitInTotalAreCopiedAndOneByteMoreAreSentFromTheFile() {
        List<LogSlice> atLimit = List.of(new LogSlice(segment, 0, LIMIT / 2), new LogSlice(segment, LIMIT, LIMIT / 2));
        List<Object> copied = SlicePayloads.of(atLimit, false, alloc);
        assertBytesOf(atLimit.get(0), assertInstanceOf(ByteBuf.class, copied.get(0)));
        assertBytesOf(atLimit.get(1), assertInstanceOf(ByteBuf.class, copied.get(1)));
        releaseAll(copied);

        List<LogSlice> overLimit = List.of(new LogSlice(segment, 0, LIMIT / 2),
                new LogSlice(segment, LIMIT, LIMIT / 2 + 1));
        List<Object> regions = SlicePayloads.of(overLimit, false, alloc);
        for (int i = 0; i < overLimit.size(); i++) {
            FileRegion region = assertInstanceOf(FileRegion.class, regions.get(i));
            assertEquals(overLimit.get(i).position(), region.position());
            assertEquals(overLimit.get(i).sizeInBytes(), region.count());
        }
        releaseAll(regions);
        assertEquals(2, alloc.buffers.size(), "no buffer read for the records sent from the file");
    }

    @Test
    void onTlsEvenALargeSliceIsReadIntoABuffer() {
        LogSlice large = new LogSlice(segment, 7, 2 * LIMIT);

        List<Object> payloads = SlicePayloads.of(List.of(large), true, alloc);

        assertBytesOf(large, assertInstanceOf(ByteBuf.class, payloads.get(0)));
        releaseAll(payloads);
    }

    @Test
    void aSliceRunningPastTheSegmentsEndFailsNamingTheShortfallAndReleasesWhatWasRead() {
        List<LogSlice> slices = List.of(new LogSlice(segment, 0, 100),
                new LogSlice(segment, content.length - 50, 80));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SlicePayloads.of(slices, false, alloc));

        assertTrue(e.getCause().getMessage().contains("30 bytes before the fetched slice did"), e.getCause().getMessage());
        assertEquals(2, alloc.buffers.size());
        assertTrue(alloc.buffers.stream().allMatch(b -> b.refCnt() == 0), "every buffer read is released");
    }

    @Test
    void aClosedSegmentFailsTheReadAndLeavesNoBufferHeld() throws IOException {
        segment.close();

        assertThrows(UncheckedIOException.class,
                () -> SlicePayloads.of(List.of(new LogSlice(segment, 0, 100)), false, alloc));

        assertFalse(alloc.buffers.isEmpty());
        assertTrue(alloc.buffers.stream().allMatch(b -> b.refCnt() == 0), "every buffer read is released");
    }

    private void assertBytesOf(LogSlice slice, ByteBuf buf) {
        int from = (int) slice.position();
        assertArrayEquals(Arrays.copyOfRange(content, from, from + slice.sizeInBytes()), ByteBufUtil.getBytes(buf));
    }

    private static void releaseAll(List<Object> payloads) {
        payloads.forEach(ReferenceCountUtil::release);
    }

    /** Keeps every buffer it hands out, so a test can tell whether each was released. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> buffers = new ArrayList<>();

        RecordingAllocator() {
            super(true);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = Unpooled.directBuffer(initialCapacity, maxCapacity);
            buffers.add(buf);
            return buf;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = Unpooled.buffer(initialCapacity, maxCapacity);
            buffers.add(buf);
            return buf;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}
