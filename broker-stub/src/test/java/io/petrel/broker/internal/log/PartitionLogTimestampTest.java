package io.petrel.broker.internal.log;

import io.petrel.broker.LogConfig;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.batch;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static io.petrel.broker.internal.log.LogTestSupport.withIndexInterval;
import static io.petrel.broker.internal.log.LogTestSupport.withTimestampType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLogTimestampTest extends PartitionLogFixture {
    PartitionLogTimestampTest() {
        super("t-0");
    }

    /** Batch i holds records at T0 + 10i, T0 + 10i + 1, T0 + 10i + 2 (offsets 3i .. 3i+2). */
    private void appendTenBatches() throws Exception {
        for (int i = 0; i < 10; i++) {
            RecordBatchBuilder b = new RecordBatchBuilder(0);
            for (int r = 0; r < 3; r++) {
                b.append(T0 + 10L * i + r, null, new byte[] {(byte) r});
            }
            log.append(b.build());
        }
    }

    private static PartitionLog.TimestampOffset at(long timestamp, long offset) {
        return new PartitionLog.TimestampOffset(timestamp, offset);
    }

    @Test
    void offsetForTimestampFindsTheFirstRecordAtOrAfterIt() throws Exception {
        open(withIndexInterval(config(400), 150));
        appendTenBatches();
        assertTrue(log.segmentsForTest().size() > 1, "spread over segments");

        assertEquals(Optional.of(at(T0, 0)), log.offsetForTimestamp(0));
        assertEquals(Optional.of(at(T0, 0)), log.offsetForTimestamp(T0));
        assertEquals(Optional.of(at(T0 + 41, 13)), log.offsetForTimestamp(T0 + 41));
        assertEquals(Optional.of(at(T0 + 50, 15)), log.offsetForTimestamp(T0 + 43), "between batches: the next batch");
        assertEquals(Optional.of(at(T0 + 92, 29)), log.offsetForTimestamp(T0 + 92));
        assertEquals(Optional.empty(), log.offsetForTimestamp(T0 + 93), "later than every record");
        for (int i = 0; i < 10; i++) {
            for (int r = 0; r < 3; r++) {
                assertEquals(Optional.of(at(T0 + 10L * i + r, 3L * i + r)), log.offsetForTimestamp(T0 + 10L * i + r));
            }
        }
    }

    @Test
    void maxTimestampIsTheFirstRecordWithTheGreatestTimestamp() throws Exception {
        open(config(300));
        assertEquals(Optional.empty(), log.maxTimestampOffset(), "empty log");
        appendTenBatches();
        assertEquals(Optional.of(at(T0 + 92, 29)), log.maxTimestampOffset());

        RecordBatchBuilder older = new RecordBatchBuilder(0);
        older.append(T0 + 1, null, new byte[] {1});
        older.append(T0 + 500, null, new byte[] {2});
        older.append(T0 + 500, null, new byte[] {3});
        log.append(older.build());
        log.append(batch("late-but-older", 2, T0 + 3));
        assertEquals(Optional.of(at(T0 + 500, 31)), log.maxTimestampOffset(), "first of two records at the max");
    }

    @Test
    void timestampLookupsSurviveReopen() throws Exception {
        LogConfig c = withIndexInterval(config(400), 150);
        open(c);
        appendTenBatches();
        log.close();

        open(c);
        assertEquals(Optional.of(at(T0 + 41, 13)), log.offsetForTimestamp(T0 + 41));
        assertEquals(Optional.of(at(T0 + 92, 29)), log.maxTimestampOffset());
    }

    @Test
    void logAppendTimeAnswersWithTheBatchBaseOffset() throws Exception {
        open(withTimestampType(config(1 << 20), TimestampType.LOG_APPEND_TIME));
        log.append(batch("a", 3, 5));
        clock.advance(Duration.ofSeconds(1));
        log.append(batch("b", 3, 5));

        assertEquals(Optional.of(at(T0 + 1000, 3)), log.offsetForTimestamp(T0 + 1));
        assertEquals(Optional.of(at(T0, 0)), log.offsetForTimestamp(T0));
        assertEquals(Optional.of(at(T0 + 1000, 3)), log.maxTimestampOffset());
    }
}
