package io.petrel.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.petrel.compression.CompressionType;
import io.petrel.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Walking concatenated batches, whole (Produce) or with the last one cut short (Fetch). */
class RecordBatchesTest {

    private static ByteBuffer threeBatches() {
        ByteBuffer all = ByteBuffer.allocate(64 * 1024);
        long offset = 0;
        for (CompressionType codec : new CompressionType[] {CompressionType.NONE, CompressionType.GZIP,
                CompressionType.NONE}) {
            RecordBatchBuilder builder = new RecordBatchBuilder(offset).compression(codec);
            for (int i = 0; i < 10; i++) {
                builder.append(offset, null, ("record " + offset).getBytes());
                offset++;
            }
            all.put(builder.build());
        }
        return all.flip();
    }

    private static List<Long> baseOffsets(Iterable<RecordBatch> batches) {
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch batch : batches) {
            batch.validate();
            offsets.add(batch.baseOffset());
        }
        return offsets;
    }

    @Test
    void iteratesEveryBatchWithoutMovingTheBuffer() {
        ByteBuffer all = threeBatches();
        assertEquals(List.of(0L, 10L, 20L), baseOffsets(RecordBatches.of(all)));
        assertEquals(List.of(0L, 10L, 20L), baseOffsets(RecordBatches.strict(all)));
        assertEquals(0, all.position());
        RecordBatches batches = RecordBatches.of(all);
        assertEquals(baseOffsets(batches), baseOffsets(batches));
        long records = 0;
        for (RecordBatch batch : batches) {
            for (Record record : batch) {
                assertEquals(records++, record.offset());
            }
        }
        assertEquals(30, records);
    }

    @Test
    void startsAtTheBuffersPosition() {
        ByteBuffer all = threeBatches();
        int second = RecordBatch.wrap(all).sizeInBytes();
        all.position(second);
        assertEquals(List.of(10L, 20L), baseOffsets(RecordBatches.of(all)));
    }

    @Test
    void emptyBufferHasNoBatches() {
        Iterator<RecordBatch> batches = RecordBatches.strict(ByteBuffer.allocate(0)).iterator();
        assertFalse(batches.hasNext());
        assertThrows(NoSuchElementException.class, batches::next);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 11, 12, 16, 17, 60, 61, 100})
    void cutOffLastBatchEndsLenientIterationButFailsStrict(int keep) {
        ByteBuffer all = threeBatches();
        int firstTwo = 0;
        Iterator<RecordBatch> it = RecordBatches.of(all).iterator();
        firstTwo += it.next().sizeInBytes();
        firstTwo += it.next().sizeInBytes();
        ByteBuffer cut = all.slice(0, firstTwo + keep);
        assertEquals(List.of(0L, 10L), baseOffsets(RecordBatches.of(cut)));
        assertThrows(ProtocolException.class, () -> baseOffsets(RecordBatches.strict(cut)));
    }
}
