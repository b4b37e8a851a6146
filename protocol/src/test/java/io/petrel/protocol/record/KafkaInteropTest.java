package io.petrel.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.compression.CompressionType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Petrel's batches against kafka-clients' own reader and writer, the reference implementation. */
class KafkaInteropTest {
    private static final long BASE_OFFSET = 1_000L;
    private static final long PRODUCER_ID = 4_242L;
    private static final short PRODUCER_EPOCH = 7;
    private static final int BASE_SEQUENCE = 100;
    private static final int LEADER_EPOCH = 12;
    private static final long LOG_APPEND_TIME = 1_800_000_000_000L;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (CompressionType codec : CompressionType.values()) {
            for (int count : new int[] {1, 10_000}) {
                for (TimestampType type : TimestampType.values()) {
                    cases.add(Arguments.of(codec, count, type));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} records, {2}")
    @MethodSource("cases")
    void kafkaReadsWhatPetrelWrites(CompressionType codec, int count, TimestampType type) {
        List<SampleRecord> samples = SampleRecord.generate(count, count * 31L + codec.id());
        RecordBatchBuilder builder = new RecordBatchBuilder(BASE_OFFSET).compression(codec)
                .producer(PRODUCER_ID, PRODUCER_EPOCH, BASE_SEQUENCE).transactional(true)
                .partitionLeaderEpoch(LEADER_EPOCH);
        if (type == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(LOG_APPEND_TIME);
        }
        for (SampleRecord sample : samples) {
            builder.append(sample.timestamp(), sample.key(), sample.value(), sample.headers());
        }

        Iterator<MutableRecordBatch> batches = MemoryRecords.readableRecords(builder.build()).batches().iterator();
        MutableRecordBatch batch = batches.next();
        assertFalse(batches.hasNext());
        batch.ensureValid();
        assertEquals(codec.id(), batch.compressionType().id);
        assertEquals(kafkaType(type), batch.timestampType());
        assertEquals(BASE_OFFSET, batch.baseOffset());
        assertEquals(BASE_OFFSET + count - 1, batch.lastOffset());
        assertEquals(PRODUCER_ID, batch.producerId());
        assertEquals(PRODUCER_EPOCH, batch.producerEpoch());
        assertEquals(BASE_SEQUENCE, batch.baseSequence());
        assertEquals(LEADER_EPOCH, batch.partitionLeaderEpoch());
        assertTrue(batch.isTransactional());
        assertFalse(batch.isControlBatch());
        assertEquals(count, batch.countOrNull());
        assertKafkaRecords(samples, batch, type);
    }

    @ParameterizedTest(name = "{0}, {1} records, {2}")
    @MethodSource("cases")
    void petrelReadsWhatKafkaWrites(CompressionType codec, int count, TimestampType type) {
        List<SampleRecord> samples = SampleRecord.generate(count, count * 17L + codec.id());
        MemoryRecordsBuilder kafka = MemoryRecords.builder(ByteBuffer.allocate(1024), (byte) 2,
                Compression.of(codec.configName()).build(), kafkaType(type), BASE_OFFSET, LOG_APPEND_TIME,
                PRODUCER_ID, PRODUCER_EPOCH, BASE_SEQUENCE, true, LEADER_EPOCH);
        for (SampleRecord sample : samples) {
            kafka.append(sample.timestamp(), sample.key(), sample.value(), kafkaHeaders(sample.headers()));
        }
        ByteBuffer bytes = kafka.build().buffer();

        Iterator<RecordBatch> batches = RecordBatches.strict(bytes).iterator();
        RecordBatch batch = batches.next();
        assertFalse(batches.hasNext());
        batch.validate();
        assertEquals(codec, batch.compressionType());
        assertEquals(type, batch.timestampType());
        assertEquals(BASE_OFFSET, batch.baseOffset());
        assertEquals(BASE_OFFSET + count - 1, batch.lastOffset());
        assertEquals(PRODUCER_ID, batch.producerId());
        assertEquals(PRODUCER_EPOCH, batch.producerEpoch());
        assertEquals(BASE_SEQUENCE, batch.baseSequence());
        assertEquals(BASE_SEQUENCE + count - 1, batch.lastSequence());
        assertEquals(LEADER_EPOCH, batch.partitionLeaderEpoch());
        assertTrue(batch.isTransactional());
        assertFalse(batch.isControl());
        assertEquals(count, batch.recordCount());
        assertPetrelRecords(samples, batch, type);
    }

    @Test
    void petrelRecognizesKafkasTransactionMarker() {
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(500L, 1L, LEADER_EPOCH, PRODUCER_ID,
                PRODUCER_EPOCH, new EndTransactionMarker(ControlRecordType.ABORT, 33));
        RecordBatch batch = RecordBatch.wrap(marker.buffer());
        batch.validate();
        assertTrue(batch.isControl());
        assertTrue(batch.isTransactional());
        Record record = batch.iterator().next();
        assertEquals(io.petrel.protocol.record.ControlRecordType.ABORT,
                io.petrel.protocol.record.ControlRecordType.of(record));
        assertEquals(new TransactionMarker(io.petrel.protocol.record.ControlRecordType.ABORT, 33),
                TransactionMarker.of(record));
    }

    @Test
    void kafkaRecognizesPetrelsTransactionMarker() {
        RecordBatchBuilder builder = new RecordBatchBuilder(500L).control(true).transactional(true)
                .producer(PRODUCER_ID, PRODUCER_EPOCH, -1);
        builder.appendTransactionMarker(1L,
                new TransactionMarker(io.petrel.protocol.record.ControlRecordType.COMMIT, 9));
        MutableRecordBatch batch = MemoryRecords.readableRecords(builder.build()).batches().iterator().next();
        batch.ensureValid();
        assertTrue(batch.isControlBatch());
        org.apache.kafka.common.record.internal.Record record = batch.iterator().next();
        assertEquals(ControlRecordType.COMMIT, ControlRecordType.parse(record.key()));
        assertEquals(new EndTransactionMarker(ControlRecordType.COMMIT, 9), EndTransactionMarker.deserialize(record));
    }

    private static void assertKafkaRecords(List<SampleRecord> samples, MutableRecordBatch batch, TimestampType type) {
        int i = 0;
        for (org.apache.kafka.common.record.internal.Record record : batch) {
            SampleRecord sample = samples.get(i);
            assertEquals(BASE_OFFSET + i, record.offset());
            assertEquals(expectedTimestamp(sample, type), record.timestamp());
            assertEquals(BASE_SEQUENCE + i, record.sequence());
            assertArrayEquals(sample.key(), SampleRecord.toBytes(record.key()));
            assertArrayEquals(sample.value(), SampleRecord.toBytes(record.value()));
            assertEquals(sample.headers(), petrelHeaders(record.headers()));
            i++;
        }
        assertEquals(samples.size(), i);
    }

    private static void assertPetrelRecords(List<SampleRecord> samples, RecordBatch batch, TimestampType type) {
        int i = 0;
        for (Record record : batch) {
            SampleRecord sample = samples.get(i);
            assertEquals(BASE_OFFSET + i, record.offset());
            assertEquals(expectedTimestamp(sample, type), record.timestamp());
            assertEquals(BASE_SEQUENCE + i, record.sequence());
            assertArrayEquals(sample.key(), SampleRecord.toBytes(record.key()));
            assertArrayEquals(sample.value(), SampleRecord.toBytes(record.value()));
            assertEquals(sample.headers(), record.headers());
            i++;
        }
        assertEquals(samples.size(), i);
    }

    private static long expectedTimestamp(SampleRecord sample, TimestampType type) {
        return type == TimestampType.LOG_APPEND_TIME ? LOG_APPEND_TIME : sample.timestamp();
    }

    private static org.apache.kafka.common.record.TimestampType kafkaType(TimestampType type) {
        return type == TimestampType.CREATE_TIME ? org.apache.kafka.common.record.TimestampType.CREATE_TIME
                : org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME;
    }

    private static Header[] kafkaHeaders(List<RecordHeader> headers) {
        return headers.stream()
                .map(h -> new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value()))
                .toArray(Header[]::new);
    }

    private static List<RecordHeader> petrelHeaders(Header[] headers) {
        List<RecordHeader> result = new ArrayList<>();
        for (Header header : headers) {
            result.add(new RecordHeader(header.key(), header.value()));
        }
        return result;
    }
}
