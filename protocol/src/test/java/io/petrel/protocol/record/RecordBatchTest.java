package io.petrel.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.compression.CompressionType;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

/** The view over one batch: header fields, in-place rewrites, and record decoding. */
class RecordBatchTest {

    @Test
    void headerFieldsRoundTrip() {
        RecordBatchBuilder builder = new RecordBatchBuilder(5_000L).compression(CompressionType.LZ4)
                .producer(77L, (short) 3, 12).transactional(true).partitionLeaderEpoch(9);
        builder.append(2_000L, "a".getBytes(), "x".getBytes());
        builder.append(1_500L, null, null);
        builder.append(2_500L, "c".getBytes(), null);
        RecordBatch batch = RecordBatch.wrap(builder.build());

        batch.validate();
        assertTrue(batch.isValid());
        assertEquals(5_000L, batch.baseOffset());
        assertEquals(batch.sizeInBytes() - 12, batch.batchLength());
        assertEquals(9, batch.partitionLeaderEpoch());
        assertEquals(2, batch.magic());
        assertEquals(CompressionType.LZ4, batch.compressionType());
        assertEquals(TimestampType.CREATE_TIME, batch.timestampType());
        assertTrue(batch.isTransactional());
        assertFalse(batch.isControl());
        assertFalse(batch.hasDeleteHorizon());
        assertEquals(OptionalLong.empty(), batch.deleteHorizonMs());
        assertEquals(2, batch.lastOffsetDelta());
        assertEquals(5_002L, batch.lastOffset());
        assertEquals(5_003L, batch.nextOffset());
        assertEquals(2_000L, batch.baseTimestamp());
        assertEquals(2_500L, batch.maxTimestamp());
        assertEquals(77L, batch.producerId());
        assertTrue(batch.hasProducerId());
        assertEquals(3, batch.producerEpoch());
        assertEquals(12, batch.baseSequence());
        assertEquals(14, batch.lastSequence());
        assertEquals(3, batch.recordCount());
        assertEquals(0x13, batch.attributes());
    }

    @Test
    void defaultsMeanNoProducerAndNoLeaderEpoch() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(-1L, null, "v".getBytes());
        RecordBatch batch = RecordBatch.wrap(builder.build());
        assertEquals(-1L, batch.producerId());
        assertFalse(batch.hasProducerId());
        assertEquals(-1, batch.producerEpoch());
        assertEquals(-1, batch.baseSequence());
        assertEquals(-1, batch.lastSequence());
        assertEquals(-1, batch.partitionLeaderEpoch());
        assertEquals(CompressionType.NONE, batch.compressionType());
        Record record = batch.iterator().next();
        assertEquals(-1, record.sequence());
        assertEquals(-1L, record.timestamp());
        assertNull(record.key());
        assertFalse(record.hasKey());
        assertEquals(-1, record.keySize());
        assertNull(record.keyBytes());
        assertEquals(Collections.emptyList(), record.headers());
    }

    @Test
    void uncompressedValuesAreSlicesOfTheBatchNotCopies() {
        byte[] value = "a distinctive value".getBytes();
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(1L, "k".getBytes(), value);
        ByteBuffer bytes = builder.build();
        RecordBatch batch = RecordBatch.wrap(bytes);
        Record record = batch.iterator().next();
        ByteBuffer slice = record.value();
        assertTrue(slice.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> slice.put(0, (byte) 1));

        int at = indexOf(bytes.array(), value);
        bytes.array()[at] = 'A';
        assertEquals('A', slice.get(0), "a change to the batch's memory shows through the record's slice");
        assertEquals('A', record.value().get(0));
        assertEquals('A', record.valueBytes()[0]);
    }

    @Test
    void aCursorOverAScratchArrayReadsTheRecordsAPlainCursorReads() {
        for (CompressionType type : CompressionType.values()) {
            RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(type);
            for (int i = 0; i < 200; i++) {
                builder.append(1_000 + i, null, ("value " + i).repeat(20).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            RecordBatch batch = RecordBatch.wrap(builder.build());
            byte[] scratch = new byte[1 << 16];
            RecordCursor plain = batch.cursor(1 << 20);
            RecordCursor scratched = batch.cursor(1 << 20, scratch);
            int records = 0;
            while (plain.advance()) {
                assertTrue(scratched.advance(), type + ": record " + records);
                assertEquals(plain.offset(), scratched.offset());
                assertEquals(plain.timestamp(), scratched.timestamp());
                assertArrayEquals(plain.valueBytes(), scratched.valueBytes());
                records++;
            }
            assertFalse(scratched.advance(), type + ": no more records");
            assertEquals(200, records, type.toString());
        }
    }

    @Test
    void recordsCanBeIteratedAgain() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(CompressionType.SNAPPY);
        for (int i = 0; i < 5; i++) {
            builder.append(i, null, new byte[] {(byte) i});
        }
        RecordBatch batch = RecordBatch.wrap(builder.build());
        assertEquals(offsets(batch), offsets(batch));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), offsets(batch));
        Iterator<Record> records = batch.records(1024).iterator();
        for (int i = 0; i < 5; i++) {
            records.next();
        }
        assertFalse(records.hasNext());
        assertThrows(NoSuchElementException.class, records::next);
        assertSame(batch, batch.records());
    }

    @Test
    void baseOffsetAndLeaderEpochRewriteKeepsTheCrc() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(CompressionType.GZIP);
        builder.append(10L, null, "a".getBytes());
        builder.append(11L, null, "b".getBytes());
        ByteBuffer bytes = builder.build();
        RecordBatch batch = RecordBatch.wrap(bytes);
        long crc = batch.crc();
        batch.setBaseOffset(1_000_000L);
        batch.setPartitionLeaderEpoch(44);
        batch.validate();
        assertEquals(crc, batch.crc());
        assertEquals(List.of(1_000_000L, 1_000_001L), offsets(batch));
        assertEquals(44, RecordBatch.wrap(bytes).partitionLeaderEpoch(), "written through to the caller's memory");
        MutableRecordBatch kafka = MemoryRecords.readableRecords(bytes).batches().iterator().next();
        kafka.ensureValid();
        assertEquals(1_000_000L, kafka.baseOffset());
    }

    @Test
    void setMaxTimestampStampsLogAppendTimeAndRewritesTheCrc() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(CompressionType.ZSTD);
        builder.append(10L, null, "a".getBytes());
        builder.append(30L, null, "b".getBytes());
        ByteBuffer bytes = builder.build();
        RecordBatch batch = RecordBatch.wrap(bytes);
        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 99_999L);
        batch.validate();
        assertEquals(TimestampType.LOG_APPEND_TIME, batch.timestampType());
        assertEquals(CompressionType.ZSTD, batch.compressionType());
        for (Record record : batch) {
            assertEquals(99_999L, record.timestamp());
        }
        MutableRecordBatch kafka = MemoryRecords.readableRecords(bytes).batches().iterator().next();
        kafka.ensureValid();
        assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, kafka.timestampType());
        assertEquals(99_999L, kafka.iterator().next().timestamp());

        batch.setMaxTimestamp(TimestampType.CREATE_TIME, 30L);
        batch.validate();
        assertEquals(List.of(10L, 30L), timestamps(batch));
    }

    @Test
    void logAppendTimeWithoutATimeUsesTheGreatestRecordTimestamp() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).timestampType(TimestampType.LOG_APPEND_TIME);
        builder.append(10L, null, null);
        builder.append(70L, null, null);
        builder.append(40L, null, null);
        RecordBatch batch = RecordBatch.wrap(builder.build());
        assertEquals(70L, batch.maxTimestamp());
        assertEquals(List.of(70L, 70L, 70L), timestamps(batch));
    }

    @Test
    void sequencesWrapPastIntegerMax() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).producer(1L, (short) 0, Integer.MAX_VALUE - 1);
        for (int i = 0; i < 4; i++) {
            builder.append(0L, null, null);
        }
        RecordBatch batch = RecordBatch.wrap(builder.build());
        assertEquals(1, batch.lastSequence());
        List<Integer> sequences = new ArrayList<>();
        batch.forEach(r -> sequences.add(r.sequence()));
        assertEquals(List.of(Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 0, 1), sequences);
    }

    @Test
    void deleteHorizonBecomesBaseTimestamp() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).deleteHorizon(5_000L);
        builder.append(7_000L, null, null);
        builder.append(3_000L, null, null);
        RecordBatch batch = RecordBatch.wrap(builder.build());
        assertTrue(batch.hasDeleteHorizon());
        assertEquals(OptionalLong.of(5_000L), batch.deleteHorizonMs());
        assertEquals(5_000L, batch.baseTimestamp());
        assertEquals(List.of(7_000L, 3_000L), timestamps(batch));
        MutableRecordBatch kafka = MemoryRecords.readableRecords(batch.buffer()).batches().iterator().next();
        assertEquals(OptionalLong.of(5_000L), kafka.deleteHorizonMs());
        assertEquals(7_000L, kafka.iterator().next().timestamp());
    }

    @Test
    void wrapReadsOnlyTheBatchAtThePosition() {
        RecordBatchBuilder first = new RecordBatchBuilder(0L);
        first.append(1L, null, "first".getBytes());
        RecordBatchBuilder second = new RecordBatchBuilder(1L);
        second.append(2L, null, "second".getBytes(), List.of(new RecordHeader("hé", "v".getBytes())));
        ByteBuffer one = first.build();
        ByteBuffer two = second.build();
        ByteBuffer both = ByteBuffer.allocate(one.remaining() + two.remaining()).put(one).put(two.duplicate()).flip();
        both.position(one.limit());
        RecordBatch batch = RecordBatch.wrap(both);
        assertEquals(one.limit(), both.position(), "position untouched");
        assertEquals(1L, batch.baseOffset());
        assertEquals(two, batch.buffer());
        assertEquals(0, batch.buffer().position());
        Record record = batch.iterator().next();
        assertArrayEquals("second".getBytes(), record.valueBytes());
        assertEquals(List.of(new RecordHeader("hé", "v".getBytes())), record.headers(), "decoded at an array offset");
    }

    @Test
    void readOnlySourceIsReadableButNotWritable() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(1L, "k".getBytes(), "v".getBytes(), List.of(new RecordHeader("h", "x".getBytes())));
        RecordBatch batch = RecordBatch.wrap(builder.build().asReadOnlyBuffer());
        batch.validate();
        Record record = batch.iterator().next();
        assertEquals(List.of(new RecordHeader("h", "x".getBytes())), record.headers());
        assertThrows(ReadOnlyBufferException.class, () -> batch.setBaseOffset(3L));
    }

    @Test
    void recordSizesMatchKafka() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        for (SampleRecord sample : SampleRecord.generate(50, 3L)) {
            builder.append(sample.timestamp(), sample.key(), sample.value(), sample.headers());
        }
        ByteBuffer bytes = builder.build();
        List<Integer> ours = new ArrayList<>();
        RecordBatch.wrap(bytes).forEach(r -> ours.add(r.sizeInBytes()));
        List<Integer> theirs = new ArrayList<>();
        MemoryRecords.readableRecords(bytes).batches().iterator().next().forEach(r -> theirs.add(r.sizeInBytes()));
        assertEquals(theirs, ours);
    }

    @Test
    void headersAreAnImmutableListDecodedOnFirstRead() {
        List<RecordHeader> headers = List.of(new RecordHeader("a", "1".getBytes()), new RecordHeader("b", null));
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(1L, (byte[]) null, null, headers);
        ByteBuffer bytes = builder.build();
        Record record = RecordBatch.wrap(bytes).iterator().next();
        assertEquals(2, record.headerCount());
        assertEquals(2, record.headers().size());
        assertSame(record.headers(), record.headers());
        assertEquals(headers, record.headers());
        assertEquals(headers.hashCode(), record.headers().hashCode());
        assertThrows(UnsupportedOperationException.class, () -> record.headers().add(new RecordHeader("c", null)));
        assertThrows(UnsupportedOperationException.class, () -> record.headers().set(0, new RecordHeader("c", null)));
    }

    @Test
    void headerBytesChangedAfterDecodingFailAsProtocolError() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(1L, (byte[]) null, null, List.of(new RecordHeader("key", "value".getBytes())));
        ByteBuffer bytes = builder.build();
        Record record = RecordBatch.wrap(bytes).iterator().next();
        int keyLength = indexOf(bytes.array(), "key".getBytes()) - 1;
        bytes.put(keyLength, (byte) 0x7e); // zigzag 63: far more than the record holds
        io.petrel.protocol.ProtocolException e =
                assertThrows(io.petrel.protocol.ProtocolException.class, () -> record.headers().get(0));
        assertTrue(e.getMessage().contains("Record at offset 0: header key length is 63"), e.getMessage());
    }

    @Test
    void maxDecompressedBytesMustBePositive() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(1L, null, null);
        RecordBatch batch = RecordBatch.wrap(builder.build());
        assertThrows(IllegalArgumentException.class, () -> batch.iterator(0));
    }

    private static List<Long> offsets(RecordBatch batch) {
        List<Long> offsets = new ArrayList<>();
        batch.forEach(r -> offsets.add(r.offset()));
        return offsets;
    }

    private static List<Long> timestamps(RecordBatch batch) {
        List<Long> timestamps = new ArrayList<>();
        batch.forEach(r -> timestamps.add(r.timestamp()));
        return timestamps;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
