package io.petrel.protocol.record;

import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batches log compaction writes (a kept offset span, a delete horizon, an empty batch) read as Kafka reads them. */
class CompactedBatchKafkaInteropTest {
    private static final long T = 1_700_000_000_000L;

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void kafkaReadsAKeptSpanWithGapsAndADeleteHorizon() {
        RecordBatchBuilder builder = new RecordBatchBuilder(100).producer(7, (short) 2, 30).partitionLeaderEpoch(0)
                .deleteHorizon(T + 86_400_000L).lastOffset(109);
        builder.appendWithOffset(103, T + 3, bytes("a"), bytes("x"), null);
        builder.appendWithOffset(106, T + 6, bytes("b"), null, null);
        ByteBuffer built = builder.build();
        MutableRecordBatch batch = MemoryRecords.readableRecords(built).batches().iterator().next();

        assertTrue(batch.isValid());
        assertEquals(100, batch.baseOffset());
        assertEquals(109, batch.lastOffset());
        assertEquals(39, batch.lastSequence(), "baseSequence plus the kept span");
        assertEquals(T + 86_400_000L, batch.deleteHorizonMs().getAsLong());
        List<String> records = new ArrayList<>();
        batch.forEach(r -> records.add(r.offset() + "@" + r.timestamp() + ":" + (r.hasValue() ? "v" : "tombstone")));
        assertEquals(List.of("103@" + (T + 3) + ":v", "106@" + (T + 6) + ":tombstone"), records);
    }

    @Test
    void theEmptyBatchIsByteForByteKafkasEmptyHeader() {
        ByteBuffer ours = RecordBatchBuilder.emptyBatch(50, 54, 0, 9L, (short) 1, 12, TimestampType.CREATE_TIME, T,
                false, false);
        ByteBuffer theirs = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        DefaultRecordBatch.writeEmptyHeader(theirs, (byte) 2, 9L, (short) 1, 12, 50, 54, 0,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, T, false, false);
        theirs.flip();
        assertEquals(hex(theirs), hex(ours));
    }

    private static String hex(ByteBuffer b) {
        StringBuilder out = new StringBuilder();
        for (int i = b.position(); i < b.limit(); i++) {
            out.append(String.format("%02x", b.get(i)));
        }
        return out.toString();
    }
}
