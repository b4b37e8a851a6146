package io.petrel.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.compression.Codec;
import io.petrel.compression.CompressionType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
}
