package io.petrel.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.compression.CompressionType;
import io.petrel.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The in-place reader of a batch's records: it reads what the iterator reads, field for field, whatever the codec
 * and whether the batch's memory is a heap array, a read-only view or direct memory; headers read from it stay
 * valid after it moves on; and a malformed batch fails it as it fails the iterator.
 */
class RecordCursorTest {
    private static ByteBuffer batch(CompressionType codec) {
        RecordBatchBuilder builder = new RecordBatchBuilder(7_000L).compression(codec).producer(5L, (short) 1, 40)
                .partitionLeaderEpoch(3);
        builder.append(1_000L, "k0".getBytes(StandardCharsets.UTF_8), "v0".repeat(60).getBytes(StandardCharsets.UTF_8));
        builder.append(1_001L, null, null);
        builder.append(999L, "k2".getBytes(StandardCharsets.UTF_8), new byte[0],
                List.of(new RecordHeader("h", "x".getBytes(StandardCharsets.UTF_8)), new RecordHeader("n", null)));
        return builder.build();
    }

    /** The same bytes as heap, read-only and direct buffers, so both copy paths are read. */
    private static List<ByteBuffer> layouts(ByteBuffer heap) {
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining()).put(heap.duplicate()).flip();
        return List.of(heap, heap.asReadOnlyBuffer(), direct);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "LZ4", "ZSTD"})
    void readsWhatTheIteratorReads(CompressionType codec) {
        for (ByteBuffer bytes : layouts(batch(codec))) {
            RecordBatch batch = RecordBatch.wrap(bytes);
            Iterator<Record> records = batch.iterator();
            RecordCursor cursor = batch.cursor();
            int read = 0;
            while (cursor.advance()) {
                Record expected = records.next();
                assertEquals(expected.offset(), cursor.offset());
                assertEquals(expected.timestamp(), cursor.timestamp());
                assertEquals(expected.sequence(), cursor.sequence());
                assertEquals(expected.sizeInBytes(), cursor.sizeInBytes());
                assertEquals(expected.keySize(), cursor.keySize());
                assertEquals(expected.valueSize(), cursor.valueSize());
                assertEquals(expected.key(), cursor.key());
                assertEquals(expected.value(), cursor.value());
                assertArrayEquals(expected.keyBytes(), cursor.keyBytes());
                assertArrayEquals(expected.valueBytes(), cursor.valueBytes());
                assertEquals(expected.headers(), cursor.headers());
                assertEquals(expected.toString(), cursor.toRecord().toString());
                read++;
            }
            assertFalse(records.hasNext());
            assertFalse(cursor.hasNext());
            assertFalse(cursor.advance(), "stays at the end");
            assertEquals(3, read, bytes.toString());
        }
    }

    @Test
    void fieldsOfTheRecordItStandsOn() {
        RecordCursor cursor = RecordBatch.wrap(batch(CompressionType.NONE)).cursor();
        assertTrue(cursor.advance());
        assertEquals(7_000L, cursor.offset());
        assertEquals(40, cursor.sequence());
        assertArrayEquals("v0".repeat(60).getBytes(StandardCharsets.UTF_8), cursor.valueBytes());
        assertTrue(cursor.value().isReadOnly(), "a slice the deserializer cannot write through");
        assertTrue(cursor.advance());
        assertEquals(7_001L, cursor.offset());
        assertNull(cursor.keyBytes());
        assertNull(cursor.value());
        assertEquals(-1, cursor.valueSize());
        assertEquals(0, cursor.headerCount());
        assertTrue(cursor.advance());
        assertEquals(999L, cursor.timestamp());
        assertEquals(0, cursor.valueBytes().length);
    }

    @Test
    void headersAndRecordsTakenFromItOutliveItsNextMove() {
        RecordCursor cursor = RecordBatch.wrap(batch(CompressionType.LZ4)).cursor();
        List<Record> kept = new ArrayList<>();
        List<RecordHeader> headers = null;
        while (cursor.advance()) {
            kept.add(cursor.toRecord());
            if (cursor.headerCount() > 0) {
                headers = cursor.headers();
            }
        }
        assertEquals(List.of(7_000L, 7_001L, 7_002L), kept.stream().map(Record::offset).toList());
        assertArrayEquals("k0".getBytes(StandardCharsets.UTF_8), kept.get(0).keyBytes());
        assertEquals(List.of(new RecordHeader("h", "x".getBytes(StandardCharsets.UTF_8)), new RecordHeader("n", null)),
                headers);
    }

    @Test
    void failsOnAMalformedBatchAsTheIteratorDoes() {
        byte[] record = RawBatch.record(RawBatch.varint(0), RawBatch.varint(0), RawBatch.varint(-1),
                RawBatch.varint(-1), RawBatch.varint(0));
        RecordCursor tooFew = RecordBatch.wrap(RawBatch.of(RawBatch.concat(record, record), 3, 0)).cursor();
        assertTrue(tooFew.advance());
        assertTrue(tooFew.advance());
        ProtocolException e = assertThrows(ProtocolException.class, tooFew::advance);
        assertTrue(e.getMessage().contains("recordCount 3") && e.getMessage().contains("records end after 2"),
                e.getMessage());

        RecordCursor tooMany = RecordBatch.wrap(RawBatch.of(RawBatch.concat(record, record, record), 2, 0)).cursor();
        assertTrue(tooMany.advance());
        e = assertThrows(ProtocolException.class, tooMany::advance);
        assertTrue(e.getMessage().contains("bytes follow its last record"), e.getMessage());

        byte[] shortValue = RawBatch.record(RawBatch.varint(0), RawBatch.varint(0), RawBatch.varint(-1),
                RawBatch.varint(50), RawBatch.varint(0));
        RecordCursor cut = RecordBatch.wrap(RawBatch.of(shortValue, 1, 0)).cursor();
        e = assertThrows(ProtocolException.class, cut::advance);
        assertTrue(e.getMessage().startsWith("Record batch at offset 42, record 0: "), e.getMessage());
    }
}
