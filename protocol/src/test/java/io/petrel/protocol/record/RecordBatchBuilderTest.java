package io.petrel.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.compression.Codec;
import io.petrel.compression.CompressionType;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Encoding rules, size estimates and misuse of the builder. */
class RecordBatchBuilderTest {

    @Test
    void emptyBatchCannotBeBuilt() {
        assertThrows(IllegalStateException.class, () -> new RecordBatchBuilder(0L).build());
    }

    @Test
    void buildIsFinalAndRepeatable() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(1L, null, "v".getBytes());
        ByteBuffer first = builder.build();
        first.get();
        assertTrue(builder.isBuilt());
        assertEquals(0, builder.build().position());
        assertEquals(first.limit(), builder.build().limit());
        assertThrows(IllegalStateException.class, () -> builder.append(2L, null, null));
        assertThrows(IllegalStateException.class, () -> builder.producer(1L, (short) 1, 1));
    }

    @Test
    void offsetsAreAssignedInOrderAndMayHaveGaps() {
        RecordBatchBuilder builder = new RecordBatchBuilder(100L);
        assertEquals(100L, builder.append(1L, null, null));
        assertEquals(105L, builder.appendWithOffset(105L, 1L, null, null, null));
        assertEquals(106L, builder.append(1L, null, null));
        assertThrows(IllegalArgumentException.class, () -> builder.appendWithOffset(106L, 1L, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> builder.appendWithOffset(99L, 1L, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> builder.appendWithOffset(100L + Integer.MAX_VALUE + 1L, 1L, null, null, null));
        RecordBatch batch = RecordBatch.wrap(builder.build());
        assertEquals(3, batch.recordCount());
        assertEquals(106L, batch.lastOffset());
        List<Long> offsets = new ArrayList<>();
        batch.forEach(r -> offsets.add(r.offset()));
        assertEquals(List.of(100L, 105L, 106L), offsets);
    }

    @Test
    void timestampsBelowMinusOneAreRejected() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        assertThrows(IllegalArgumentException.class, () -> builder.append(-2L, null, null));
        assertEquals(0, builder.recordCount());
    }

    @Test
    void controlAndDataRecordsDoNotMix() {
        RecordBatchBuilder data = new RecordBatchBuilder(0L);
        assertThrows(IllegalStateException.class,
                () -> data.appendControl(1L, ControlRecordType.COMMIT, ByteBuffer.allocate(0)));
        RecordBatchBuilder control = new RecordBatchBuilder(0L).control(true);
        assertThrows(IllegalStateException.class, () -> control.append(1L, null, null));
        control.appendTransactionMarker(1L, new TransactionMarker(ControlRecordType.ABORT, 4));
        assertThrows(IllegalStateException.class, () -> control.control(false));
        RecordBatch batch = RecordBatch.wrap(control.build());
        assertTrue(batch.isControl());
        assertEquals(new TransactionMarker(ControlRecordType.ABORT, 4), TransactionMarker.of(batch.iterator().next()));
    }

    @Test
    void deleteHorizonMustPrecedeRecords() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(1L, null, null);
        assertThrows(IllegalStateException.class, () -> builder.deleteHorizon(5L));
    }

    @Test
    void producerStateMayBeSetAfterTheRecords() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(CompressionType.GZIP);
        builder.append(1L, null, "v".getBytes());
        builder.producer(9L, (short) 2, 40).transactional(true).partitionLeaderEpoch(3)
                .compression(CompressionType.SNAPPY);
        RecordBatch batch = RecordBatch.wrap(builder.build());
        batch.validate();
        assertEquals(9L, batch.producerId());
        assertEquals(40, batch.iterator().next().sequence());
        assertEquals(CompressionType.SNAPPY, batch.compressionType());
    }

    @Test
    void bufferKeysAndValuesAreReadFromTheirPositionWithoutMovingIt() {
        ByteBuffer key = ByteBuffer.wrap("xxKEYyy".getBytes()).position(2).limit(5);
        ByteBuffer value = ByteBuffer.allocateDirect(8).put("..VALUE".getBytes()).flip().position(2);
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(1L, key, value, List.of());
        assertEquals(2, key.position());
        assertEquals(2, value.position());
        Record record = RecordBatch.wrap(builder.build()).iterator().next();
        assertArrayEquals("KEY".getBytes(), record.keyBytes());
        assertArrayEquals("VALUE".getBytes(), record.valueBytes());
    }

    @Test
    void growsFromATinyStartWithoutLosingBytes() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).initialCapacity(0);
        List<SampleRecord> samples = SampleRecord.generate(2_000, 5L);
        samples.forEach(s -> builder.append(s.timestamp(), s.key(), s.value(), s.headers()));
        RecordBatch batch = RecordBatch.wrap(builder.build());
        batch.validate();
        Iterator<SampleRecord> expected = samples.iterator();
        for (Record record : batch) {
            SampleRecord sample = expected.next();
            assertArrayEquals(sample.value(), record.valueBytes());
            assertEquals(sample.headers(), record.headers());
        }
    }

    @Test
    void uncompressedEstimateIsExact() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        assertEquals(RecordBatch.HEADER_SIZE, builder.estimatedSizeInBytes());
        for (SampleRecord s : SampleRecord.generate(100, 8L)) {
            builder.append(s.timestamp(), s.key(), s.value(), s.headers());
        }
        int estimate = builder.estimatedSizeInBytes();
        assertEquals(builder.build().remaining(), estimate);
        assertEquals(estimate - RecordBatch.HEADER_SIZE, builder.uncompressedRecordBytes());
    }

    @Test
    void hasRoomForPredictsTheUncompressedSizeExactly() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        int limit = 4_096;
        List<RecordHeader> headers = List.of(new RecordHeader("\u00e9t\u00e9-\ud83d\ude00", new byte[3]));
        byte[] value = new byte[100];
        assertTrue(builder.hasRoomFor(1L, null, new byte[limit * 2], headers, limit), "an empty batch takes anything");
        int appended = 0;
        while (builder.hasRoomFor(1_000L + appended, "k".getBytes(), value, headers, limit)) {
            int before = builder.estimatedSizeInBytes();
            builder.append(1_000L + appended, "k".getBytes(), value, headers);
            assertTrue(builder.estimatedSizeInBytes() <= limit);
            assertTrue(builder.estimatedSizeInBytes() > before);
            appended++;
        }
        assertTrue(appended > 10);
        int size = builder.estimatedSizeInBytes();
        assertEquals(size, builder.build().remaining());
        assertTrue(size + 100 > limit, "stopped only when the next record would not fit");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void compressedEstimateFollowsTheRatio(CompressionType type) {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(Codec.of(type));
        for (int i = 0; i < 200; i++) {
            builder.append(i, null, new byte[100]);
        }
        int raw = builder.uncompressedRecordBytes();
        assertTrue(builder.estimatedSizeInBytes() >= RecordBatch.HEADER_SIZE + raw, "ratio 1 by default");
        builder.compressionRatioEstimate(0.5f);
        int estimate = builder.estimatedSizeInBytes();
        assertTrue(estimate > RecordBatch.HEADER_SIZE + raw / 2 && estimate < RecordBatch.HEADER_SIZE + raw);
        assertFalse(builder.hasRoomFor(1L, null, new byte[100], null, estimate));
        assertTrue(builder.hasRoomFor(1L, null, new byte[100], null, estimate + 100));
        ByteBuffer batch = builder.build();
        assertTrue(builder.compressionRatio() < 0.2f, "zeros compress well: " + builder.compressionRatio());
        assertEquals(batch.remaining(), builder.estimatedSizeInBytes());
    }

    @Test
    void compressionLevelIsAccepted() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(CompressionType.ZSTD, 10);
        builder.append(1L, null, "level ten".getBytes());
        assertEquals(CompressionType.ZSTD, builder.compressionType());
        RecordBatch batch = RecordBatch.wrap(builder.build());
        batch.validate();
        assertArrayEquals("level ten".getBytes(), batch.iterator().next().valueBytes());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void compressingWhileAppendingGivesTheSameRecords(CompressionType type) {
        List<SampleRecord> samples = SampleRecord.generate(3_000, 21L);
        RecordBatchBuilder atOnce = new RecordBatchBuilder(50L).compression(type).producer(7L, (short) 1, 0);
        RecordBatchBuilder streamed = new RecordBatchBuilder(50L).compression(type).producer(7L, (short) 1, 0)
                .compressWhileAppending(1024);
        appendAll(atOnce, samples);
        appendAll(streamed, samples);

        RecordBatch expected = RecordBatch.wrap(atOnce.build());
        RecordBatch actual = RecordBatch.wrap(streamed.build());
        actual.validate();
        assertEquals(type, actual.compressionType());
        assertEquals(expected.recordCount(), actual.recordCount());
        assertEquals(expected.lastOffset(), actual.lastOffset());
        assertEquals(expected.maxTimestamp(), actual.maxTimestamp());
        assertEquals(decoded(expected), decoded(actual));
        assertRecords(samples, actual);
    }

    @Test
    void lz4BatchCompressedWhileAppendingIsReadByKafka() {
        List<SampleRecord> samples = SampleRecord.generate(3_000, 22L);
        RecordBatchBuilder builder = new RecordBatchBuilder(50L).compression(CompressionType.LZ4)
                .producer(7L, (short) 1, 10).compressWhileAppending(1024);
        appendAll(builder, samples);
        assertTrue(builder.estimatedSizeInBytes() < RecordBatch.HEADER_SIZE + builder.uncompressedRecordBytes(),
                "flushed chunks count at their compressed size");
        builder.finishRecords();

        Iterator<MutableRecordBatch> batches = MemoryRecords.readableRecords(builder.build()).batches().iterator();
        MutableRecordBatch batch = batches.next();
        assertFalse(batches.hasNext());
        batch.ensureValid();
        assertEquals(CompressionType.LZ4.id(), batch.compressionType().id);
        assertEquals(50L + samples.size() - 1, batch.lastOffset());
        int i = 0;
        for (org.apache.kafka.common.record.internal.Record record : batch) {
            SampleRecord sample = samples.get(i);
            assertEquals(50L + i, record.offset());
            assertEquals(10 + i, record.sequence());
            assertEquals(sample.timestamp(), record.timestamp());
            assertArrayEquals(sample.key(), SampleRecord.toBytes(record.key()));
            assertArrayEquals(sample.value(), SampleRecord.toBytes(record.value()));
            i++;
        }
        assertEquals(samples.size(), i);
    }

    @Test
    void finishRecordsCompressesNowAndClosesTheBatchToRecords() {
        List<SampleRecord> samples = SampleRecord.generate(500, 23L);
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(CompressionType.LZ4)
                .compressWhileAppending(2048);
        appendAll(builder, samples);
        builder.finishRecords();
        int finished = builder.estimatedSizeInBytes();
        builder.finishRecords();
        assertThrows(IllegalStateException.class, () -> builder.append(1L, null, null));
        assertThrows(IllegalStateException.class, () -> builder.compression(CompressionType.GZIP));
        builder.producer(3L, (short) 4, 5);
        ByteBuffer batch = builder.build();
        assertEquals(finished, batch.remaining(), "after finishRecords the size is exact");
        RecordBatch read = RecordBatch.wrap(batch);
        read.validate();
        assertEquals(3L, read.producerId());
        assertRecords(samples, read);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "ZSTD", "SNAPPY"})
    void finishRecordsCompressesTheWholeBatchNowIntoTheSameBytesBuildWouldWrite(CompressionType type) {
        List<SampleRecord> samples = SampleRecord.generate(400, 25L);
        RecordBatchBuilder finished = new RecordBatchBuilder(9L).compression(type).buffer(new byte[70_000]);
        RecordBatchBuilder atBuild = new RecordBatchBuilder(9L).compression(type);
        appendAll(finished, samples);
        appendAll(atBuild, samples);

        finished.finishRecords();
        int size = finished.estimatedSizeInBytes();
        assertTrue(size < RecordBatch.HEADER_SIZE + finished.uncompressedRecordBytes(), "compressed already");
        assertThrows(IllegalStateException.class, () -> finished.append(1L, null, null));
        finished.producer(3L, (short) 4, 5);
        atBuild.producer(3L, (short) 4, 5);
        ByteBuffer batch = finished.build();
        assertEquals(size, batch.remaining(), "after finishRecords the size is exact");
        assertEquals(atBuild.build(), batch);
        RecordBatch read = RecordBatch.wrap(batch);
        read.validate();
        assertEquals(type, read.compressionType());
        assertRecords(samples, read);
    }

    @Test
    void aBatchCompressedWhileAppendingGivesItsStagingArrayToTheNextBuilder() {
        while (RecordArrays.take(1) != null) {
            // Empties the shared pool, so that the next builder must allocate its staging array.
        }
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(CompressionType.LZ4)
                .compressWhileAppending(2048);
        builder.append(1L, null, "v".getBytes());
        builder.finishRecords();
        assertTrue(RecordArrays.take(RecordBatch.HEADER_SIZE + 2048) != null,
                "a staging array allocated by the builder goes back to the pool once the records are compressed");
    }

    @Test
    void finishRecordsWithoutStreamingClosesTheBatchToRecords() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(CompressionType.GZIP);
        builder.append(1L, null, "v".getBytes());
        builder.finishRecords();
        assertThrows(IllegalStateException.class, () -> builder.append(2L, null, null));
        assertArrayEquals("v".getBytes(), RecordBatch.wrap(builder.build()).iterator().next().valueBytes());
    }

    @Test
    void compressWhileAppendingRejectsSmallChunksAndLateCalls() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> new RecordBatchBuilder(0L).compressWhileAppending(1023));
        assertTrue(small.getMessage().contains("1023"), small.getMessage());
        RecordBatchBuilder started = new RecordBatchBuilder(0L).compression(CompressionType.LZ4);
        started.append(1L, null, null);
        assertThrows(IllegalStateException.class, () -> started.compressWhileAppending(4096));
    }

    @Test
    void compressWhileAppendingHasNoEffectUncompressed() {
        List<SampleRecord> samples = SampleRecord.generate(200, 24L);
        RecordBatchBuilder plain = new RecordBatchBuilder(0L);
        RecordBatchBuilder streamed = new RecordBatchBuilder(0L).compressWhileAppending(1024);
        appendAll(plain, samples);
        appendAll(streamed, samples);
        assertEquals(plain.build(), streamed.build());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "LZ4", "ZSTD"})
    void buildsIntoTheGivenArray(CompressionType type) {
        for (boolean streaming : new boolean[] {false, true}) {
            byte[] array = new byte[64 * 1024];
            RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(type).buffer(array);
            if (streaming) {
                builder.compressWhileAppending(1024);
            }
            List<SampleRecord> samples = SampleRecord.generate(100, 25L);
            appendAll(builder, samples);
            ByteBuffer batch = builder.build();
            assertSame(array, batch.array(), type + (streaming ? " streamed" : ""));
            assertEquals(0, batch.arrayOffset());
            RecordBatch read = RecordBatch.wrap(batch);
            read.validate();
            assertRecords(samples, read);
        }
    }

    @Test
    void batchOutgrowingTheGivenArrayMovesToALargerOne() {
        byte[] array = new byte[RecordBatch.HEADER_SIZE + 10];
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).buffer(array);
        List<SampleRecord> samples = SampleRecord.generate(100, 26L);
        appendAll(builder, samples);
        ByteBuffer batch = builder.build();
        assertNotSame(array, batch.array());
        RecordBatch read = RecordBatch.wrap(batch);
        read.validate();
        assertRecords(samples, read);
    }

    @Test
    void bufferMustComeBeforeTheFirstRecord() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(1L, null, null);
        assertThrows(IllegalStateException.class, () -> builder.buffer(new byte[1024]));
        assertThrows(NullPointerException.class, () -> new RecordBatchBuilder(0L).buffer(null));
    }

    @Test
    void discardClosesTheCodecAndEndsTheBuilder() {
        ClosingCountingCodec codec = new ClosingCountingCodec(Codec.of(CompressionType.LZ4));
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(codec).compressWhileAppending(1024);
        appendAll(builder, SampleRecord.generate(50, 27L));
        assertEquals(1, codec.opened.get());
        assertEquals(0, codec.closed.get());

        builder.discard();
        assertEquals(1, codec.closed.get(), "the codec's stream is released");
        builder.discard();
        assertEquals(1, codec.closed.get(), "a second discard is harmless");
        IllegalStateException build = assertThrows(IllegalStateException.class, builder::build);
        assertTrue(build.getMessage().contains("discarded"), build.getMessage());
        assertThrows(IllegalStateException.class, () -> builder.append(1L, null, null));
        assertThrows(IllegalStateException.class, () -> builder.producer(1L, (short) 1, 1));
    }

    @Test
    void discardAfterBuildLeavesTheBatch() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(CompressionType.LZ4)
                .compressWhileAppending(1024);
        builder.append(1L, null, "kept".getBytes());
        ByteBuffer batch = builder.build();
        builder.discard();
        assertEquals(batch, builder.build());
        assertArrayEquals("kept".getBytes(), RecordBatch.wrap(builder.build()).iterator().next().valueBytes());
    }

    @Test
    void discardWithoutRecordsOrStreamingIsHarmless() {
        RecordBatchBuilder empty = new RecordBatchBuilder(0L).compression(CompressionType.ZSTD);
        empty.discard();
        assertThrows(IllegalStateException.class, () -> empty.append(1L, null, null));
        RecordBatchBuilder plain = new RecordBatchBuilder(0L);
        plain.append(1L, null, null);
        plain.discard();
        assertThrows(IllegalStateException.class, plain::build);
    }

    private static void appendAll(RecordBatchBuilder builder, List<SampleRecord> samples) {
        samples.forEach(s -> builder.append(s.timestamp(), s.key(), s.value(), s.headers()));
    }

    private static void assertRecords(List<SampleRecord> samples, RecordBatch batch) {
        Iterator<SampleRecord> expected = samples.iterator();
        for (Record record : batch) {
            SampleRecord sample = expected.next();
            assertEquals(sample.timestamp(), record.timestamp());
            assertArrayEquals(sample.key(), record.keyBytes());
            assertArrayEquals(sample.value(), record.valueBytes());
            assertEquals(sample.headers(), record.headers());
        }
        assertFalse(expected.hasNext(), "every record is in the batch");
    }

    /** Each record as offset, timestamp, sequence, key, value and headers, for comparing two batches. */
    private static List<String> decoded(RecordBatch batch) {
        List<String> records = new ArrayList<>();
        for (Record record : batch) {
            records.add(record.offset() + "/" + record.timestamp() + "/" + record.sequence() + "/"
                    + Arrays.toString(record.keyBytes()) + "/" + Arrays.toString(record.valueBytes())
                    + "/" + record.headers());
        }
        return records;
    }

    /** A codec that counts the compressing streams it opens and that get closed. */
    private static final class ClosingCountingCodec implements Codec {
        private final Codec delegate;
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        ClosingCountingCodec(Codec delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompressionType type() {
            return delegate.type();
        }

        @Override
        public ByteBuffer compress(ByteBuffer src) {
            return delegate.compress(src);
        }

        @Override
        public ByteBuffer decompress(ByteBuffer src, int maxOutputBytes) {
            return delegate.decompress(src, maxOutputBytes);
        }

        @Override
        public OutputStream compressingStream(OutputStream out) {
            opened.incrementAndGet();
            return new FilterOutputStream(delegate.compressingStream(out)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    this.out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    closed.incrementAndGet();
                    super.close();
                }
            };
        }

        @Override
        public InputStream decompressingStream(InputStream in, long maxOutputBytes) {
            return delegate.decompressingStream(in, maxOutputBytes);
        }
    }
}
