package io.petrel.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.compression.CompressionType;
import io.petrel.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad bytes: each is a ProtocolException whose message names the bad value and what was expected. */
class RecordBatchCorruptionTest {

    private static ByteBuffer validBatch(CompressionType codec) {
        RecordBatchBuilder builder = new RecordBatchBuilder(42L).compression(codec);
        for (int i = 0; i < 20; i++) {
            builder.append(1000L + i, ("k" + i).getBytes(), ("value-" + i).repeat(10).getBytes());
        }
        return builder.build();
    }

    private static void assertProtocolError(Executable decode, String... fragments) {
        ProtocolException e = assertThrows(ProtocolException.class, decode);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    private static void drain(RecordBatch batch) {
        for (Record record : batch) {
            record.key();
        }
    }

    @Test
    void flippedCrcByte() {
        ByteBuffer buf = validBatch(CompressionType.NONE);
        RecordBatch batch = RecordBatch.wrap(buf);
        long good = batch.crc();
        buf.put(17, (byte) (buf.get(17) ^ 0x01));
        assertFalse(batch.isValid());
        assertProtocolError(batch::validate, "Record batch at offset 42", "CRC " + batch.crc(), String.valueOf(good));
    }

    @Test
    void flippedPayloadByteFailsCrc() {
        ByteBuffer buf = validBatch(CompressionType.GZIP);
        buf.put(buf.limit() - 3, (byte) (buf.get(buf.limit() - 3) ^ 0x40));
        assertProtocolError(RecordBatch.wrap(buf)::validate, "has CRC");
    }

    @Test
    void magicOne() {
        ByteBuffer buf = validBatch(CompressionType.NONE);
        buf.put(16, (byte) 1);
        assertProtocolError(() -> RecordBatch.wrap(buf), "Record batch at offset 42 has magic 1, expected 2");
        assertProtocolError(() -> RecordBatches.of(buf).iterator().hasNext(), "magic 1");
    }

    @Test
    void negativeBatchLength() {
        ByteBuffer buf = validBatch(CompressionType.NONE);
        buf.putInt(8, -7);
        assertProtocolError(() -> RecordBatch.wrap(buf), "batchLength -7", "expected at least 49");
        assertProtocolError(() -> RecordBatches.of(buf).iterator().next(), "batchLength -7");
    }

    @Test
    void batchLengthOverrunningTheBuffer() {
        ByteBuffer buf = validBatch(CompressionType.NONE);
        int length = buf.getInt(8);
        buf.putInt(8, length + 100);
        assertProtocolError(() -> RecordBatch.wrap(buf), "cut off", "batchLength is " + (length + 100),
                "only " + length + " bytes follow");
        assertProtocolError(() -> RecordBatches.strict(buf).iterator().hasNext(), "batchLength is " + (length + 100));
        assertFalse(RecordBatches.of(buf).iterator().hasNext(), "lenient mode treats it as a cut-off last batch");
    }

    @Test
    void truncatedBatch() {
        ByteBuffer buf = validBatch(CompressionType.NONE);
        ByteBuffer cut = buf.slice(0, buf.limit() - 5);
        assertProtocolError(() -> RecordBatch.wrap(cut), "cut off");
        assertProtocolError(() -> RecordBatches.strict(cut).iterator().next(), "cut off");
        ByteBuffer stub = buf.slice(0, 5);
        assertProtocolError(() -> RecordBatch.wrap(stub), "Record batch at buffer position 0 is cut off",
                "5 bytes remain");
    }

    @Test
    void hugeHeaderCountDoesNotAllocate() {
        byte[] record = RawBatch.record(RawBatch.varint(0), RawBatch.varint(0), RawBatch.varint(-1),
                RawBatch.varint(-1), RawBatch.varint(Integer.MAX_VALUE), new byte[] {2, 'a', 0});
        RecordBatch batch = RecordBatch.wrap(RawBatch.of(record, 1, 0));
        batch.validate();
        assertProtocolError(() -> drain(batch), "Record batch at offset 42, record 0", "header count is 2147483647");
    }

    @Test
    void hugeKeyLength() {
        byte[] record = RawBatch.record(RawBatch.varint(0), RawBatch.varint(0), RawBatch.varint(Integer.MAX_VALUE),
                new byte[8]);
        assertProtocolError(() -> drain(RecordBatch.wrap(RawBatch.of(record, 1, 0))), "key length is 2147483647");
    }

    @Test
    void negativeValueLengthBelowNull() {
        byte[] record = RawBatch.record(RawBatch.varint(0), RawBatch.varint(0), RawBatch.varint(-1),
                RawBatch.varint(-3), RawBatch.varint(0));
        assertProtocolError(() -> drain(RecordBatch.wrap(RawBatch.of(record, 1, 0))), "value length is -3",
                "expected -1 or more");
    }

    @Test
    void nullHeaderKey() {
        byte[] record = RawBatch.record(RawBatch.varint(0), RawBatch.varint(0), RawBatch.varint(-1),
                RawBatch.varint(-1), RawBatch.varint(1), RawBatch.varint(-1), RawBatch.varint(-1));
        assertProtocolError(() -> drain(RecordBatch.wrap(RawBatch.of(record, 1, 0))), "header key length is -1");
    }

    @Test
    void recordLengthOverrunningTheBatch() {
        byte[] fields = RawBatch.concat(new byte[] {0}, RawBatch.varint(0), RawBatch.varint(0),
                RawBatch.varint(-1), RawBatch.varint(-1), RawBatch.varint(0));
        byte[] record = RawBatch.concat(RawBatch.varint(fields.length + 50), fields);
        assertProtocolError(() -> drain(RecordBatch.wrap(RawBatch.of(record, 1, 0))),
                "record length is " + (fields.length + 50), "only " + fields.length + " bytes remain");
    }

    @Test
    void recordFieldsShorterThanItsLength() {
        byte[] fields = RawBatch.concat(new byte[] {0}, RawBatch.varint(0), RawBatch.varint(0),
                RawBatch.varint(-1), RawBatch.varint(-1), RawBatch.varint(0), new byte[] {9, 9});
        byte[] record = RawBatch.concat(RawBatch.varint(fields.length), fields);
        assertProtocolError(() -> drain(RecordBatch.wrap(RawBatch.of(record, 1, 0))), "fields end 2 bytes before");
    }

    @Test
    void recordCountLargerThanTheRecords() {
        byte[] record = RawBatch.record(RawBatch.varint(0), RawBatch.varint(0), RawBatch.varint(-1),
                RawBatch.varint(-1), RawBatch.varint(0));
        RecordBatch batch = RecordBatch.wrap(RawBatch.of(RawBatch.concat(record, record), 3, 0));
        assertProtocolError(() -> drain(batch), "recordCount 3", "records end after 2");
    }

    @Test
    void recordCountSmallerThanTheRecords() {
        byte[] record = RawBatch.record(RawBatch.varint(0), RawBatch.varint(0), RawBatch.varint(-1),
                RawBatch.varint(-1), RawBatch.varint(0));
        RecordBatch batch = RecordBatch.wrap(RawBatch.of(RawBatch.concat(record, record, record), 2, 0));
        assertProtocolError(() -> drain(batch), "recordCount 2", "bytes follow its last record");
    }

    @Test
    void negativeRecordCount() {
        RecordBatch batch = RecordBatch.wrap(RawBatch.of(new byte[0], -4, 0));
        assertProtocolError(batch::iterator, "recordCount -4", "expected 0 or more");
    }

    @Test
    void unknownCompressionId() {
        RecordBatch batch = RecordBatch.wrap(RawBatch.of(new byte[10], 1, 6));
        assertProtocolError(batch::compressionType, "Record batch at offset 42 has compression codec id 6",
                "expected one of", "zstd(4)");
        assertProtocolError(batch::iterator, "compression codec id 6");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void garbageCompressedPayload(CompressionType codec) {
        byte[] garbage = new byte[64];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 11);
        }
        RecordBatch batch = RecordBatch.wrap(RawBatch.of(garbage, 3, codec.id()));
        batch.validate();
        assertProtocolError(() -> drain(batch), "Record batch at offset 42", codec.configName());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void decompressedSizePastTheBound(CompressionType codec) {
        RecordBatchBuilder builder = new RecordBatchBuilder(42L).compression(codec);
        builder.append(1L, null, new byte[200_000]);
        RecordBatch batch = RecordBatch.wrap(builder.build());
        assertTrue(batch.sizeInBytes() < 10_000, "zeros compress well");
        assertProtocolError(() -> batch.iterator(100_000), "Record batch at offset 42", "at most 100000 bytes");
        Iterator<Record> records = batch.iterator(300_000);
        assertEquals(200_000, records.next().valueSize());
    }
}
