package io.petrel.broker.internal.log;

import io.petrel.broker.LogConfig;
import io.petrel.protocol.record.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.batch;
import static io.petrel.broker.internal.log.LogTestSupport.batchesOf;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static io.petrel.broker.internal.log.LogTestSupport.expectedValues;
import static io.petrel.broker.internal.log.LogTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLogRecoveryTest extends PartitionLogFixture {
    private static final String FIRST = "00000000000000000000";

    PartitionLogRecoveryTest() {
        super("rec-0");
    }

    /** Appends batches b0..b4 of 3 records each and closes; returns their values. */
    private List<String> fiveBatchesThenClose(LogConfig c) throws Exception {
        open(c);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            log.append(batch("b" + i, 3, T0 + i));
            values.addAll(expectedValues("b" + i, 3));
        }
        log.close();
        log = null;
        return values;
    }

    private Path activeLogFile() throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private static void appendBytes(Path file, byte[] bytes) throws Exception {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private static void truncate(Path file, long size) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    @Test
    void tornLastBatchIsCutAndEverythingBeforeItStays() throws Exception {
        LogConfig c = config(1 << 20);
        List<String> values = fiveBatchesThenClose(c);
        Path file = dir.resolve(FIRST + ".log");
        truncate(file, Files.size(file) - 7);

        open(c);
        assertEquals(12, log.logEndOffset(), "the fifth batch (offsets 12-14) was torn");
        assertEquals(values.subList(0, 12), readAll(log));
        assertEquals(Files.size(file), log.segmentsForTest().get(0).size(), "file cut at the last whole batch");
        assertEquals(12, log.append(batch("again", 1, T0)).baseOffset(), "appends continue at the cut");
        assertEquals(13, log.logEndOffset());
    }

    @Test
    void garbageAfterTheLastBatchIsDropped() throws Exception {
        LogConfig c = config(1 << 20);
        List<String> values = fiveBatchesThenClose(c);
        Path file = dir.resolve(FIRST + ".log");
        long size = Files.size(file);
        byte[] garbage = new byte[777];
        new Random(42).nextBytes(garbage);
        appendBytes(file, garbage);

        open(c);
        assertEquals(15, log.logEndOffset());
        assertEquals(size, Files.size(file));
        assertEquals(values, readAll(log));
    }

    @Test
    void zeroFilledTailIsDropped() throws Exception {
        LogConfig c = config(1 << 20);
        List<String> values = fiveBatchesThenClose(c);
        Path file = dir.resolve(FIRST + ".log");
        long size = Files.size(file);
        appendBytes(file, new byte[4096]);

        open(c);
        assertEquals(15, log.logEndOffset());
        assertEquals(size, Files.size(file));
        assertEquals(values, readAll(log));
    }

    @Test
    void batchWithABadCrcAndEverythingAfterItIsDropped() throws Exception {
        LogConfig c = config(1 << 20);
        List<String> values = fiveBatchesThenClose(c);
        Path file = dir.resolve(FIRST + ".log");
        int batchSize = (int) Files.size(file) / 5;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long inFourthBatch = 3L * batchSize + batchSize - 3;
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, inFourthBatch);
            one.put(0, (byte) (one.get(0) ^ 0xff)).rewind();
            ch.write(one, inFourthBatch);
        }

        open(c);
        assertEquals(9, log.logEndOffset());
        assertEquals(values.subList(0, 9), readAll(log));
    }

    @Test
    void onlyTheActiveSegmentIsCutOlderOnesStayWhole() throws Exception {
        int batchSize = batch("b0", 3, T0).remaining();
        LogConfig c = config(batchSize * 2L);
        List<String> values = fiveBatchesThenClose(c);
        Path active = activeLogFile();
        assertEquals(FIRST.substring(0, 18) + "12.log", active.getFileName().toString());
        truncate(active, 30);

        open(c);
        assertEquals(12, log.logEndOffset());
        assertEquals(values.subList(0, 12), readAll(log));
    }

    @Test
    void missingIndexesOfAnOlderSegmentAreRebuilt() throws Exception {
        int batchSize = batch("b0", 3, T0).remaining();
        LogConfig c = config(batchSize * 2L);
        List<String> values = fiveBatchesThenClose(c);
        Files.delete(dir.resolve(FIRST + ".index"));
        Files.delete(dir.resolve("00000000000000000006.timeindex"));

        open(c);
        assertTrue(Files.size(dir.resolve(FIRST + ".index")) > 0, "rebuilt");
        assertTrue(Files.size(dir.resolve("00000000000000000006.timeindex")) > 0, "rebuilt");
        assertEquals(values, readAll(log));
        for (long offset = 0; offset < 15; offset++) {
            RecordBatch b = batchesOf(log.read(offset, 1, true)).get(0);
            assertEquals(offset / 3 * 3, b.baseOffset(), "batch read for offset " + offset);
        }
        assertEquals(Optional.of(new PartitionLog.TimestampOffset(T0 + 2, 6)), log.offsetForTimestamp(T0 + 2));
        assertEquals(Optional.of(new PartitionLog.TimestampOffset(T0 + 4, 12)), log.maxTimestampOffset());
    }

    @Test
    void indexPointingPastTheEndOfAnOlderSegmentIsRebuilt() throws Exception {
        int batchSize = batch("b0", 3, T0).remaining();
        LogConfig c = config(batchSize * 2L);
        List<String> values = fiveBatchesThenClose(c);
        ByteBuffer bogus = ByteBuffer.allocate(8).putInt(5).putInt(batchSize * 50);
        appendBytes(dir.resolve(FIRST + ".index"), bogus.array());

        open(c);
        assertEquals(values, readAll(log));
        assertEquals(3, batchesOf(log.read(5, 1, true)).get(0).baseOffset());
    }

    @Test
    void indexLongerThanTheActiveLogAfterACrashIsHandled() throws Exception {
        LogConfig c = config(1 << 20);
        List<String> values = fiveBatchesThenClose(c);
        Path file = dir.resolve(FIRST + ".log");
        long indexSize = Files.size(dir.resolve(FIRST + ".index"));
        truncate(file, Files.size(file) / 5 * 2); // the log lost its last three batches, the index did not

        open(c);
        assertEquals(6, log.logEndOffset());
        assertEquals(values.subList(0, 6), readAll(log));
        assertTrue(Files.size(dir.resolve(FIRST + ".index")) < indexSize, "index rebuilt to the log");
        log.append(batch("new", 3, T0));
        assertEquals(6, batchesOf(log.read(7, 1, true)).get(0).baseOffset(), "the new batch, at offset 6");
        assertEquals(expectedValues("new", 3), LogTestSupport.values(batchesOf(log.read(6, 1000, true))));
    }

    @Test
    void crashWithoutCloseKeepsWhatWasWritten() throws Exception {
        LogConfig c = config(1 << 20);
        open(c);
        log.append(batch("a", 2, T0));
        log.append(batch("b", 2, T0));
        log.abandonForTest();

        open(c);
        assertEquals(4, log.logEndOffset());
        assertEquals(List.of("a-0", "a-1", "b-0", "b-1"), readAll(log));
    }

    @Test
    void leftoverTemporaryFilesAreDeleted() throws Exception {
        LogConfig c = config(1 << 20);
        fiveBatchesThenClose(c);
        Files.write(dir.resolve("log-start-offset.tmp"), new byte[] {'9'});

        open(c);
        assertTrue(Files.notExists(dir.resolve("log-start-offset.tmp")));
        assertEquals(0, log.logStartOffset());
    }
}
