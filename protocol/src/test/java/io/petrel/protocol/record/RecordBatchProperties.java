package io.petrel.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.petrel.compression.CompressionType;
import io.petrel.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/** Round trips of random records, and random or damaged bytes that may only ever fail as ProtocolException. */
class RecordBatchProperties {
    private static final int MAX_DECOMPRESSED = 1 << 20;

    @Provide
    Arbitrary<List<SampleRecord>> records() {
        Arbitrary<Long> timestamps = Arbitraries.oneOf(Arbitraries.longs().between(-1L, Long.MAX_VALUE),
                Arbitraries.longs().between(1_600_000_000_000L, 1_600_000_100_000L));
        Arbitrary<byte[]> keys = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).injectNull(0.2);
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(400).injectNull(0.2);
        Arbitrary<String> headerKeys = Arbitraries.strings().withCharRange('a', 'z').withCharRange('\u00a0', '\ud7ff')
                .ofMaxLength(12);
        Arbitrary<RecordHeader> header = Combinators.combine(headerKeys,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).injectNull(0.3)).as(RecordHeader::new);
        Arbitrary<SampleRecord> record = Combinators.combine(timestamps, keys, values, header.list().ofMaxSize(4))
                .as(SampleRecord::new);
        return record.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void whatIsWrittenReadsBackTheSame(@ForAll("records") List<SampleRecord> records,
                                        @ForAll CompressionType codec,
                                        @ForAll @IntRange(min = -1, max = 1000) int baseSequence) {
        RecordBatchBuilder builder = new RecordBatchBuilder(7L).compression(codec).producer(3L, (short) 1, baseSequence);
        records.forEach(r -> builder.append(r.timestamp(), r.key(), r.value(), r.headers()));
        ByteBuffer bytes = builder.build();

        RecordBatch batch = RecordBatch.wrap(bytes);
        batch.validate();
        assertEquals(records.size(), batch.recordCount());
        List<SampleRecord> read = new ArrayList<>();
        long offset = 7L;
        for (Record record : batch) {
            assertEquals(offset++, record.offset());
            assertEquals(baseSequence < 0 ? -1 : baseSequence + (int) (record.offset() - 7L), record.sequence());
            read.add(new SampleRecord(record.timestamp(), record.keyBytes(), record.valueBytes(), record.headers()));
        }
        assertEquals(records, read);
        assertEquals(records.stream().mapToLong(SampleRecord::timestamp).max().orElseThrow(), batch.maxTimestamp());
    }

    @Property(tries = 100)
    void kafkaReadsRandomRecordsTheSame(@ForAll("records") List<SampleRecord> records, @ForAll CompressionType codec) {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(codec);
        records.forEach(r -> builder.append(r.timestamp(), r.key(), r.value(), r.headers()));
        MutableRecordBatch batch = MemoryRecords.readableRecords(builder.build()).batches().iterator().next();
        batch.ensureValid();
        Iterator<SampleRecord> expected = records.iterator();
        for (org.apache.kafka.common.record.internal.Record record : batch) {
            SampleRecord sample = expected.next();
            assertEquals(sample.timestamp(), record.timestamp());
            assertArrayEquals(sample.key(), SampleRecord.toBytes(record.key()));
            assertArrayEquals(sample.value(), SampleRecord.toBytes(record.value()));
            Header[] headers = record.headers();
            assertEquals(sample.headers().size(), headers.length);
            for (int i = 0; i < headers.length; i++) {
                assertEquals(sample.headers().get(i), new RecordHeader(headers[i].key(), headers[i].value()));
            }
        }
        assertFalse(expected.hasNext());
    }

    @Property(tries = 2000)
    void randomBytesFailOnlyAsProtocolErrors(@ForAll @Size(max = 400) byte[] bytes) {
        decodeEverything(ByteBuffer.wrap(bytes));
    }

    @Property(tries = 2000)
    void randomRecordsInAValidHeaderFailOnlyAsProtocolErrors(@ForAll @Size(max = 300) byte[] records,
                                                             @ForAll @IntRange(min = -2, max = 70) int recordCount,
                                                             @ForAll @IntRange(min = 0, max = 127) int attributes) {
        decodeEverything(RawBatch.of(records, recordCount, attributes));
    }

    @Property(tries = 1000)
    void damagedBatchesFailOnlyAsProtocolErrors(@ForAll("records") List<SampleRecord> records,
                                                @ForAll CompressionType codec,
                                                @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0) Integer> flips,
                                                @ForAll @IntRange(min = 0, max = 80) int cutBack,
                                                @ForAll boolean fixCrc) {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(codec);
        records.forEach(r -> builder.append(r.timestamp(), r.key(), r.value(), r.headers()));
        ByteBuffer batch = builder.build();
        for (int flip : flips) {
            int at = flip % batch.limit();
            batch.put(at, (byte) (batch.get(at) ^ (1 + flip % 255)));
        }
        if (fixCrc) {
            RawBatch.fixCrc(batch);
        }
        batch.limit(Math.max(0, batch.limit() - cutBack));
        decodeEverything(batch);
    }

    /** Decodes every batch and record, leniently and strictly; any failure must be a ProtocolException. */
    private static void decodeEverything(ByteBuffer bytes) {
        for (boolean strict : new boolean[] {false, true}) {
            try {
                for (RecordBatch batch : strict ? RecordBatches.strict(bytes) : RecordBatches.of(bytes)) {
                    visit(batch);
                }
            } catch (ProtocolException expected) {
                assertNotNull(expected.getMessage());
            }
        }
    }

    private static void visit(RecordBatch batch) {
        batch.isValid();
        batch.compressionType();
        batch.lastSequence();
        for (Record record : batch.records(MAX_DECOMPRESSED)) {
            record.key();
            record.valueBytes();
            record.headers().forEach(RecordHeader::hashCode);
        }
        batch.validate();
    }
}
