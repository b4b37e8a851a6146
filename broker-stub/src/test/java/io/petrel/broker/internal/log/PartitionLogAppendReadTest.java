package io.petrel.broker.internal.log;

import io.petrel.compression.CompressionType;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.RecordBatches;
import io.petrel.protocol.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.batch;
import static io.petrel.broker.internal.log.LogTestSupport.batchesOf;
import static io.petrel.broker.internal.log.LogTestSupport.bytesOf;
import static io.petrel.broker.internal.log.LogTestSupport.concat;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static io.petrel.broker.internal.log.LogTestSupport.expectedValues;
import static io.petrel.broker.internal.log.LogTestSupport.readAll;
import static io.petrel.broker.internal.log.LogTestSupport.values;
import static io.petrel.broker.internal.log.LogTestSupport.withMaxMessageBytes;
import static io.petrel.broker.internal.log.LogTestSupport.withTimestampType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLogAppendReadTest extends PartitionLogFixture {
    PartitionLogAppendReadTest() {
        super("topic-0");
    }

    @Test
    void appendsAssignOffsetsAndReadsReturnTheBatches() throws Exception {
        open(config(1 << 20));
        PartitionLog.AppendResult first = log.append(batch("a", 3, T0));
        PartitionLog.AppendResult second = log.append(batch("b", 2, T0 + 1));

        assertEquals(0, first.baseOffset());
        assertEquals(2, first.lastOffset());
        assertEquals(-1, first.logAppendTime());
        assertFalse(first.duplicate());
        assertEquals(3, second.baseOffset());
        assertEquals(4, second.lastOffset());
        assertEquals(5, log.logEndOffset());
        assertEquals(5, log.highWatermark());
        assertEquals(0, log.logStartOffset());

        List<RecordBatch> batches = batchesOf(log.read(0, 1 << 20, true));
        assertEquals(2, batches.size());
        assertEquals(0, batches.get(0).baseOffset());
        assertEquals(3, batches.get(1).baseOffset());
        assertEquals(log.leaderEpoch(), batches.get(1).partitionLeaderEpoch());
        assertEquals(0, log.leaderEpoch(), "a new partition starts at leader epoch 0");
        List<String> expected = new ArrayList<>(expectedValues("a", 3));
        expected.addAll(expectedValues("b", 2));
        assertEquals(expected, values(batches));
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch b : batches) {
            for (Record r : b) {
                offsets.add(r.offset());
            }
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), offsets);
    }

    @Test
    void sliceBytesParseWithRecordBatches() throws Exception {
        open(config(1 << 20));
        log.append(batch("a", 2, T0));
        log.append(batch("b", 2, T0));
        LogSlice slice = log.read(0, 1 << 20, true);

        ByteBuffer bytes = bytesOf(slice);
        assertEquals(slice.sizeInBytes(), bytes.remaining());
        int count = 0;
        for (RecordBatch b : RecordBatches.strict(bytes)) {
            assertTrue(b.isValid(), "CRC of " + b);
            count++;
        }
        assertEquals(2, count);
    }

    @Test
    void oneAppendMayCarrySeveralBatches() throws Exception {
        open(config(1 << 20));
        PartitionLog.AppendResult r = log.append(concat(batch("a", 2, T0), batch("b", 3, T0)));

        assertEquals(0, r.baseOffset());
        assertEquals(4, r.lastOffset());
        List<RecordBatch> batches = batchesOf(log.read(0, 1 << 20, true));
        assertEquals(List.of(0L, 2L), batches.stream().map(RecordBatch::baseOffset).toList());
    }

    @Test
    void compressedBatchIsStoredAsReceived() throws Exception {
        open(config(1 << 20));
        ByteBuffer gz = batch(new RecordBatchBuilder(0).compression(CompressionType.GZIP), "z", 50, T0);
        int size = gz.remaining();
        log.append(gz);

        List<RecordBatch> batches = batchesOf(log.read(0, 1 << 20, true));
        assertEquals(1, batches.size());
        assertEquals(CompressionType.GZIP, batches.get(0).compressionType());
        assertEquals(size, batches.get(0).sizeInBytes());
        assertEquals(expectedValues("z", 50), values(batches));
    }

    @Test
    void readFromTheMiddleOfABatchStartsWithThatBatch() throws Exception {
        open(config(1 << 20));
        log.append(batch("a", 5, T0));
        log.append(batch("b", 5, T0));

        List<RecordBatch> batches = batchesOf(log.read(7, 1 << 20, true));
        assertEquals(1, batches.size());
        assertEquals(5, batches.get(0).baseOffset());
    }

    @Test
    void readStopsAtMaxBytesOnWholeBatches() throws Exception {
        open(config(1 << 20));
        for (int i = 0; i < 5; i++) {
            log.append(batch("x" + i, 1, T0));
        }
        int batchSize = batchesOf(log.read(0, 1 << 20, true)).get(0).sizeInBytes();

        LogSlice two = log.read(0, batchSize * 2 + batchSize / 2, true);
        assertEquals(batchSize * 2, two.sizeInBytes());
        assertEquals(2, batchesOf(two).size());

        LogSlice tooSmall = log.read(0, 10, true);
        assertEquals(batchSize, tooSmall.sizeInBytes(), "minOneBatch returns the first batch whole");
        assertEquals(0, log.read(0, 10, false).sizeInBytes(), "without minOneBatch nothing fits");
    }

    @Test
    void readAtTheLogEndIsEmpty() throws Exception {
        open(config(1 << 20));
        assertEquals(0, log.read(0, 1 << 20, true).sizeInBytes(), "empty log");
        log.append(batch("a", 3, T0));
        assertEquals(0, log.read(3, 1 << 20, true).sizeInBytes());
    }

    @Test
    void readOutsideTheLogIsOutOfRange() throws Exception {
        open(config(1 << 20));
        log.append(batch("a", 3, T0));

        OffsetOutOfRangeException past = assertThrows(OffsetOutOfRangeException.class, () -> log.read(4, 100, true));
        assertEquals(4, past.offset());
        assertEquals(0, past.logStartOffset());
        assertEquals(3, past.logEndOffset());
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, past.errorCode());
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(-1, 100, true));
    }

    @Test
    void batchOverMaxMessageBytesIsRefusedAndNothingIsAppended() throws Exception {
        open(withMaxMessageBytes(config(1 << 20), 200));
        log.append(batch("small", 1, T0));
        ByteBuffer big = batch(new RecordBatchBuilder(0), "big-value-".repeat(10), 5, T0);
        assertTrue(big.remaining() > 200);

        LogAppendException e = assertThrows(LogAppendException.class,
                () -> log.append(concat(batch("ok", 1, T0), big)));
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, e.errorCode());
        assertTrue(e.getMessage().contains("max.message.bytes 200"), e.getMessage());
        assertEquals(1, log.logEndOffset(), "neither batch of the refused append is there");
        assertEquals(List.of("small-0"), readAll(log));
    }

    @Test
    void appendLargerThanASegmentIsRecordListTooLarge() throws Exception {
        ByteBuffer one = batch("x", 1, T0);
        open(config(one.remaining() * 2L));
        LogAppendException e = assertThrows(LogAppendException.class,
                () -> log.append(concat(batch("x", 1, T0), batch("y", 1, T0), batch("z", 1, T0))));
        assertEquals(ErrorCode.RECORD_LIST_TOO_LARGE, e.errorCode());
        assertEquals(0, log.logEndOffset());
    }

    @Test
    void badCrcIsCorruptMessageAndNothingIsAppended() throws Exception {
        open(config(1 << 20));
        ByteBuffer bad = batch("a", 3, T0);
        int last = bad.limit() - 1;
        bad.put(last, (byte) (bad.get(last) ^ 0x5a));

        LogAppendException e = assertThrows(LogAppendException.class,
                () -> log.append(concat(batch("good", 1, T0), bad)));
        assertEquals(ErrorCode.CORRUPT_MESSAGE, e.errorCode());
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        assertEquals(0, log.logEndOffset());
        assertEquals(0, log.read(0, 1000, true).sizeInBytes());
    }

    @Test
    void cutOffBatchIsCorruptMessage() throws Exception {
        open(config(1 << 20));
        ByteBuffer b = batch("a", 3, T0);
        b.limit(b.limit() - 4);
        LogAppendException e = assertThrows(LogAppendException.class, () -> log.append(b));
        assertEquals(ErrorCode.CORRUPT_MESSAGE, e.errorCode());
        assertTrue(e.getMessage().contains("batchLength"), e.getMessage());
    }

    @Test
    void oldMagicIsInvalidRecord() throws Exception {
        open(config(1 << 20));
        ByteBuffer b = batch("a", 1, T0);
        b.put(16, (byte) 1);
        LogAppendException e = assertThrows(LogAppendException.class, () -> log.append(b));
        assertEquals(ErrorCode.INVALID_RECORD, e.errorCode());
        assertTrue(e.getMessage().contains("magic 1"), e.getMessage());
    }

    @Test
    void recordCountThatDisagreesWithTheRecordsIsInvalidRecord() throws Exception {
        open(config(1 << 20));
        ByteBuffer b = batch("a", 3, T0);
        b.putInt(57, 2); // recordCount 2 for three records, and lastOffsetDelta says 2: CRC recomputed below
        RecordBatch view = RecordBatch.wrap(b);
        view.setMaxTimestamp(TimestampType.CREATE_TIME, view.maxTimestamp()); // rewrites the CRC

        LogAppendException e = assertThrows(LogAppendException.class, () -> log.append(b));
        assertEquals(ErrorCode.INVALID_RECORD, e.errorCode());
        assertEquals(0, log.logEndOffset());
    }

    @Test
    void emptyAppendIsRefused() throws Exception {
        open(config(1 << 20));
        LogAppendException e = assertThrows(LogAppendException.class, () -> log.append(ByteBuffer.allocate(0)));
        assertEquals(ErrorCode.INVALID_RECORD, e.errorCode());
    }

    @Test
    void logAppendTimeStampsTheBrokerClockAndKeepsTheCrcValid() throws Exception {
        open(withTimestampType(config(1 << 20), TimestampType.LOG_APPEND_TIME));
        clock.advance(Duration.ofSeconds(42));
        long now = clock.millis();

        PartitionLog.AppendResult r = log.append(batch("a", 3, 1_000L));
        assertEquals(now, r.logAppendTime());

        RecordBatch stored = batchesOf(log.read(0, 1 << 20, true)).get(0);
        assertTrue(stored.isValid(), "CRC rewritten with the new timestamp");
        assertEquals(TimestampType.LOG_APPEND_TIME, stored.timestampType());
        assertEquals(now, stored.maxTimestamp());
        for (Record rec : stored) {
            assertEquals(now, rec.timestamp());
        }
    }

    @Test
    void createTimeMaxTimestampIsTheRecordsGreatest() throws Exception {
        open(config(1 << 20));
        RecordBatchBuilder builder = new RecordBatchBuilder(0);
        builder.append(T0 + 5, null, new byte[] {1});
        builder.append(T0 + 9, null, new byte[] {2});
        builder.append(T0 + 7, null, new byte[] {3});
        log.append(builder.build());

        RecordBatch stored = batchesOf(log.read(0, 1 << 20, true)).get(0);
        assertEquals(T0 + 9, stored.maxTimestamp());
        assertEquals(TimestampType.CREATE_TIME, stored.timestampType());
    }

    @Test
    void callersBufferGetsTheAssignedOffsets() throws Exception {
        open(config(1 << 20));
        log.append(batch("a", 4, T0));
        ByteBuffer b = batch("b", 1, T0);
        log.append(b);
        assertEquals(4, RecordBatch.wrap(b).baseOffset());
    }

    @Test
    void readOnlyBufferIsAppendedFromACopy() throws Exception {
        open(config(1 << 20));
        PartitionLog.AppendResult r = log.append(batch("a", 2, T0).asReadOnlyBuffer());
        assertEquals(1, r.lastOffset());
        assertEquals(expectedValues("a", 2), readAll(log));
    }

    @Test
    void directBufferIsAppended() throws Exception {
        open(config(1 << 20));
        ByteBuffer heap = batch("d", 2, T0);
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining() + 8);
        direct.position(8);
        direct.put(heap).flip().position(8);
        log.append(direct);
        assertEquals(expectedValues("d", 2), readAll(log));
    }

    @Test
    void closedLogRefusesAppendsAndReads() throws Exception {
        open(config(1 << 20));
        log.close();
        assertThrows(java.io.IOException.class, () -> log.append(batch("a", 1, T0)));
        assertThrows(java.io.IOException.class, () -> log.read(0, 100, true));
    }

    @Test
    void deleteRemovesTheDirectory() throws Exception {
        open(config(1 << 20));
        log.append(batch("a", 1, T0));
        log.delete();
        assertFalse(java.nio.file.Files.exists(tmp.resolve("topic-0")));
        log = null;
    }
}
