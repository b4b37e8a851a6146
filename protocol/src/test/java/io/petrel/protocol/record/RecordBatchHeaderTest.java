package io.petrel.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.compression.CompressionType;
import java.nio.ByteBuffer;
import java.util.OptionalInt;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** A header read on its own, as a log walking batches on disk reads it. */
class RecordBatchHeaderTest {

    private static ByteBuffer sampleBatch() {
        RecordBatchBuilder builder = new RecordBatchBuilder(5_000L).compression(CompressionType.GZIP)
                .producer(77L, (short) 3, Integer.MAX_VALUE - 1).partitionLeaderEpoch(9);
        builder.append(2_000L, "a".getBytes(), "x".getBytes());
        builder.append(1_500L, null, null);
        builder.append(2_500L, "c".getBytes(), null);
        return builder.build();
    }

    @Test
    void readsTheSameFieldsAsTheBatchViewAtAnyIndex() {
        ByteBuffer batch = sampleBatch();
        RecordBatch view = RecordBatch.wrap(batch);
        ByteBuffer shifted = ByteBuffer.allocate(7 + batch.remaining());
        shifted.position(7);
        shifted.put(batch.duplicate()).flip();

        RecordBatchHeader h = RecordBatchHeader.read(shifted, 7);

        assertEquals(new RecordBatchHeader(5_000L, view.batchLength(), 9, (byte) 2, view.crc(), view.attributes(), 2,
                2_000L, 2_500L, 77L, (short) 3, Integer.MAX_VALUE - 1, 3), h);
        assertEquals(view.sizeInBytes(), h.sizeInBytes());
        assertEquals(5_002L, h.lastOffset());
        assertEquals(5_003L, h.nextOffset());
        assertEquals(0, shifted.position(), "reading does not move the buffer");
    }

    @Test
    void lastSequenceWrapsPastIntegerMaxAsTheRecordsDo() {
        RecordBatchHeader h = RecordBatchHeader.read(sampleBatch(), 0);
        assertEquals(0, h.lastSequence(), "three records from Integer.MAX_VALUE - 1: MAX - 1, MAX, 0");
        assertEquals(0, RecordBatch.incrementSequence(Integer.MAX_VALUE, 1));
        assertEquals(Integer.MAX_VALUE, RecordBatch.incrementSequence(Integer.MAX_VALUE - 1, 1));
    }

    @Test
    void noProducerMeansNoLastSequence() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L);
        builder.append(1L, null, "v".getBytes());
        assertEquals(-1, RecordBatchHeader.read(builder.build(), 0).lastSequence());
    }

    @Test
    void aControlBatchIsToldApart() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).producer(5L, (short) 0, -1).control(true);
        builder.appendTransactionMarker(1_000L, new TransactionMarker(ControlRecordType.COMMIT, 0));
        assertTrue(RecordBatchHeader.read(builder.build(), 0).isControl());
        assertFalse(RecordBatchHeader.read(sampleBatch(), 0).isControl());
    }

    @Test
    void aBatchLengthTooSmallForAHeaderHasNoSize() {
        ByteBuffer batch = sampleBatch();
        batch.putInt(8, RecordBatchHeader.MIN_BATCH_LENGTH - 1);
        assertEquals(-1, RecordBatchHeader.read(batch, 0).sizeInBytes());
        batch.putInt(8, RecordBatchHeader.MIN_BATCH_LENGTH);
        assertEquals(RecordBatchHeader.SIZE, RecordBatchHeader.read(batch, 0).sizeInBytes());
    }

    @Test
    void fewerBytesThanAHeaderAreRefusedNamingWhatIsMissing() {
        ByteBuffer batch = sampleBatch();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordBatchHeader.read(batch.limit(60), 0));
        assertTrue(e.getMessage().contains("needs 61 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("leaves 60"), e.getMessage());
    }

    @Test
    void magicIsReadFromAsFewBytesAsReachIt() {
        ByteBuffer batch = sampleBatch();
        batch.put(16, (byte) 1);
        assertEquals(OptionalInt.of(1), RecordBatchHeader.magicAt(batch.duplicate().limit(17), 0));
        assertEquals(OptionalInt.empty(), RecordBatchHeader.magicAt(batch.duplicate().limit(16), 0));
        assertEquals(OptionalInt.empty(), RecordBatchHeader.magicAt(batch, batch.limit()));
    }

    @Test
    void theCrcCoversTheBatchFromItsCoverageStart() {
        ByteBuffer batch = sampleBatch();
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(RecordBatchHeader.CRC_COVERAGE_START));
        assertEquals(RecordBatchHeader.read(batch, 0).crc(), crc.getValue());
    }
}
