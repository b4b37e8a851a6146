package io.petrel.broker.internal.log;

import io.petrel.broker.LogConfig;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.batchesOf;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cleaner's rules on a manual clock: what stays, what goes and when, and what a crash mid-swap leaves. */
class LogCleanerTest extends PartitionLogFixture {
    private static final long DAY = Duration.ofDays(1).toMillis();
    /** One batch per segment: every append rolls the (non-empty) active segment. */
    private static final LogConfig ONE_BATCH_SEGMENTS = config(100);

    LogCleanerTest() {
        super("compacted-0");
    }

    /** (offset, key, value) as a consumer of the partition sees it; value null for a tombstone. */
    record Entry(long offset, String key, String value) {
        @Override
        public String toString() {
            return offset + ":" + key + "=" + value;
        }
    }

    private static CompactionConfig compact(double ratio, long minLagMs, long maxLagMs) {
        return new CompactionConfig(true, false, DAY, ratio, minLagMs, maxLagMs);
    }

    private LogCleaner cleaner(CompactionConfig cfg) throws IOException {
        return new LogCleaner(tmp, () -> List.of(new LogCleaner.CleanableLog("compacted", 0, log, cfg)), clock,
                15_000, 1024 * 1024);
    }

    /** Appends one batch of {@code key=value} pairs ("k" alone is a tombstone) at the clock's time. */
    private void write(String... pairs) throws Exception {
        RecordBatchBuilder b = new RecordBatchBuilder(0);
        for (String pair : pairs) {
            b.append(clock.millis(), bytes(pair.split("=")[0]), pair.contains("=") ? bytes(pair.split("=")[1]) : null);
        }
        log.append(b.build());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Record r, boolean value) {
        ByteBuffer b = value ? r.value() : r.key();
        return b == null ? null : StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    private List<RecordBatch> allBatches() throws Exception {
        List<RecordBatch> out = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            List<RecordBatch> batches = batchesOf(log.read(next, 1 << 20, true));
            assertFalse(batches.isEmpty(), "empty read at " + next + " below the log end " + log.logEndOffset());
            out.addAll(batches);
            next = batches.get(batches.size() - 1).nextOffset();
        }
        return out;
    }

    private List<Entry> view() throws Exception {
        List<Entry> out = new ArrayList<>();
        for (RecordBatch b : allBatches()) {
            for (Record r : b) {
                out.add(new Entry(r.offset(), text(r, false), text(r, true)));
            }
        }
        return out;
    }

    private void writeOverwritesAndTombstone() throws Exception {
        open(ONE_BATCH_SEGMENTS);
        write("k1=a", "k2=b");      // 0, 1
        write("k1=c");              // 2
        write("k3=d");              // 3
        write("k2");                // 4: tombstone for k2
        write("k4=e");              // 5: the active segment, never cleaned
    }

    @Test
    void segmentsReplacedByTheCleanerWhileTheirFlushIsPendingAreSkippedByIt() throws Exception {
        java.util.Queue<Runnable> flushes = new java.util.ArrayDeque<>();
        open(ONE_BATCH_SEGMENTS, flushes::add);
        write("k1=a", "k2=b");
        write("k1=c");
        write("k3=d");
        write("k4=e");
        assertEquals(1, flushes.size(), "the rolls' flush is queued, not run");
        LogCleaner cleaner = cleaner(compact(0.5, 0, Long.MAX_VALUE));
        assertTrue(cleaner.cleanFilthiest());
        List<Entry> cleaned = view();

        flushes.poll().run();
        assertEquals(4, OffsetCheckpoint.RECOVERY_POINT.read(dir), "the flush skipped the replaced segments");
        log.abandonForTest();
        open(ONE_BATCH_SEGMENTS);
        assertEquals(cleaned, view());
        assertEquals(5, log.logEndOffset());
    }

    @Test
    void keepsTheLatestRecordOfEachKeyAtItsOffsetAndLeavesTheActiveSegment() throws Exception {
        writeOverwritesAndTombstone();
        LogCleaner cleaner = cleaner(compact(0.5, 0, Long.MAX_VALUE));

        assertTrue(cleaner.cleanFilthiest());

        assertEquals(List.of(new Entry(2, "k1", "c"), new Entry(3, "k3", "d"), new Entry(4, "k2", null),
                new Entry(5, "k4", "e")), view());
        assertEquals(6, log.logEndOffset());
        assertEquals(0, log.logStartOffset());
        assertEquals(5, cleaner.checkpoint("compacted", 0), "cleaned up to the active segment's base");
        assertTrue(Files.readString(tmp.resolve("cleaner-offset-checkpoint")).contains("compacted 0 5"));
        assertFalse(cleaner.cleanFilthiest(), "nothing dirty is left below the active segment");
    }

    @Test
    void aBatchKeepsItsOffsetSpanAndTheTombstoneGetsADeleteHorizonAsKafkaWritesIt() throws Exception {
        writeOverwritesAndTombstone();
        cleaner(compact(0.5, 0, Long.MAX_VALUE)).cleanFilthiest();

        List<RecordBatch> batches = allBatches();
        RecordBatch first = batches.get(0);
        assertEquals(2, first.baseOffset(), "the batch of offsets 0-1 lost both records, so it is gone");
        RecordBatch tombstone = batches.stream().filter(b -> b.baseOffset() == 4).findFirst().orElseThrow();
        assertTrue(tombstone.hasDeleteHorizon());
        assertEquals(clock.millis() + DAY, tombstone.deleteHorizonMs().getAsLong());
        assertEquals(0x40, tombstone.attributes() & 0x40, "attribute bit 6");
        assertEquals(clock.millis(), tombstone.iterator().next().timestamp(), "the record keeps its timestamp");
    }

    @Test
    void aPartlyRemovedBatchKeepsItsBaseAndLastOffset() throws Exception {
        open(ONE_BATCH_SEGMENTS);
        write("a=1", "b=1", "c=1");  // 0-2
        write("a=2", "c=2");         // 3-4
        write("z=0");                // 5, active
        cleaner(compact(0.5, 0, Long.MAX_VALUE)).cleanFilthiest();

        RecordBatch first = allBatches().get(0);
        assertEquals(0, first.baseOffset());
        assertEquals(2, first.lastOffset(), "the span stays 0-2 though only offset 1 remains");
        assertEquals(1, first.recordCount());
        assertEquals(List.of(new Entry(1, "b", "1"), new Entry(3, "a", "2"), new Entry(4, "c", "2"),
                new Entry(5, "z", "0")), view());
    }

    @Test
    void aTombstoneStaysForDeleteRetentionAfterTheCleaningThatSetItsHorizonThenGoes() throws Exception {
        writeOverwritesAndTombstone();
        LogCleaner cleaner = cleaner(compact(0, 0, Long.MAX_VALUE));
        cleaner.cleanFilthiest();

        clock.advance(Duration.ofMillis(DAY - 1));
        write("k5=f");              // 6: k4=e's segment becomes dirty and cleanable
        assertTrue(cleaner.cleanFilthiest());
        assertTrue(view().contains(new Entry(4, "k2", null)), "the horizon has not passed: " + view());

        clock.advance(Duration.ofMillis(1));
        write("k6=g");              // 7
        assertTrue(cleaner.cleanFilthiest());
        assertEquals(List.of(new Entry(2, "k1", "c"), new Entry(3, "k3", "d"), new Entry(5, "k4", "e"),
                new Entry(6, "k5", "f"), new Entry(7, "k6", "g")), view());
    }

    @Test
    void recordsYoungerThanMinCompactionLagStayUncleanedUntilTheyAge() throws Exception {
        writeOverwritesAndTombstone();
        LogCleaner cleaner = cleaner(compact(0, 60_000, Long.MAX_VALUE));

        assertFalse(cleaner.cleanFilthiest(), "every closed segment holds records younger than the lag");
        assertEquals(6, view().size());

        clock.advance(Duration.ofMillis(60_001));
        assertTrue(cleaner.cleanFilthiest());
        assertEquals(4, view().size());
    }

    @Test
    void belowTheDirtyRatioOnlyMaxCompactionLagForcesACleaning() throws Exception {
        writeOverwritesAndTombstone();
        // A ratio of 1 is never exceeded, so only the lag can start a cleaning.
        LogCleaner cleaner = cleaner(compact(1.0, 0, 3_600_000));

        assertFalse(cleaner.cleanFilthiest());
        clock.advance(Duration.ofMillis(3_600_000));
        assertFalse(cleaner.cleanFilthiest(), "exactly at the lag is not past it");
        clock.advance(Duration.ofMillis(1));
        assertTrue(cleaner.cleanFilthiest());
        assertEquals(4, view().size());
    }

    @Test
    void theLastBatchOfAnIdempotentProducerStaysAsAnEmptyBatchWithItsSequences() throws Exception {
        open(ONE_BATCH_SEGMENTS);
        RecordBatchBuilder b = new RecordBatchBuilder(0).producer(77, (short) 3, 10);
        b.append(clock.millis(), bytes("k"), bytes("old1"));
        b.append(clock.millis(), bytes("k"), bytes("old2"));
        log.append(b.build());      // 0-1, producer 77 sequences 10-11
        write("k=new");             // 2
        write("x=1");               // 3, active

        cleaner(compact(0.5, 0, Long.MAX_VALUE)).cleanFilthiest();

        RecordBatch empty = allBatches().get(0);
        assertEquals(0, empty.recordCount());
        assertEquals(0, empty.baseOffset());
        assertEquals(1, empty.lastOffset());
        assertEquals(77, empty.producerId());
        assertEquals(3, empty.producerEpoch());
        assertEquals(11, empty.lastSequence());
        assertTrue(empty.isValid());
        assertEquals(List.of(new Entry(2, "k", "new"), new Entry(3, "x", "1")), view());

        // The producer's state survives a reopen that must rebuild it from the log alone.
        log.close();
        Files.delete(dir.resolve(ProducerStateTable.SNAPSHOT_FILE));
        open(ONE_BATCH_SEGMENTS);
        assertEquals(1, log.producerStateForTest().entry(77).orElseThrow().lastOffset());
    }

    private void writeTransactional(long producerId, String key, String value, boolean marker, boolean commit)
            throws Exception {
        writeTransactional(producerId, 0, key, value, marker, commit);
    }

    private void writeTransactional(long producerId, int sequence, String key, String value, boolean marker, boolean commit)
            throws Exception {
        RecordBatchBuilder b = new RecordBatchBuilder(0).producer(producerId, (short) 0, marker ? -1 : sequence)
                .transactional(true).control(marker);
        if (marker) {
            b.appendTransactionMarker(clock.millis(), new io.petrel.protocol.record.TransactionMarker(
                    commit ? io.petrel.protocol.record.ControlRecordType.COMMIT
                            : io.petrel.protocol.record.ControlRecordType.ABORT, 0));
        } else {
            b.append(clock.millis(), bytes(key), bytes(value));
        }
        log.append(b.build());
    }

    /** The log's batches as base-last:records(c for control, h for a delete horizon), for failure messages. */
    private String layout() throws Exception {
        StringBuilder out = new StringBuilder();
        for (RecordBatch b : allBatches()) {
            out.append(b.baseOffset()).append('-').append(b.lastOffset()).append(':').append(b.recordCount())
                    .append(b.isControl() ? "c" : "").append(b.hasDeleteHorizon() ? "h" : "").append(' ');
        }
        return out.toString().trim();
    }

    private RecordBatch batchAt(long offset) throws Exception {
        return allBatches().stream().filter(b -> b.baseOffset() == offset).findFirst().orElse(null);
    }

    @Test
    void aMarkerWhoseTransactionLeftNothingGetsADeleteHorizonThenGoesAsKafkasCleanerRemovesIt() throws Exception {
        open(ONE_BATCH_SEGMENTS);
        writeTransactional(5, 0, "k", "v1", false, false);  // 0: committed data, superseded at 8
        writeTransactional(5, null, null, true, true);      // 1: its commit marker
        writeTransactional(6, 0, "a", "x", false, false);   // 2: aborted data
        writeTransactional(6, null, null, true, false);     // 3: its abort marker
        writeTransactional(5, 1, "m", "1", false, false);   // 4: committed data that stays
        writeTransactional(5, null, null, true, true);      // 5: its commit marker
        writeTransactional(6, 1, "n", "1", false, false);   // 6: committed data that stays
        writeTransactional(6, null, null, true, true);      // 7: its commit marker
        write("k=v2");                                       // 8
        write("z=0");                                        // 9, active
        LogCleaner cleaner = cleaner(compact(0, 0, Long.MAX_VALUE));

        assertTrue(cleaner.cleanFilthiest());
        assertEquals(null, batchAt(0), layout());
        assertEquals(null, batchAt(2), "aborted data goes: " + layout());
        assertFalse(batchAt(1).hasDeleteHorizon(), "its transaction's data was read in this cleaning: " + layout());
        assertFalse(batchAt(3).hasDeleteHorizon(), "this cleaning removed the aborted data: the marker stays as it was");

        write("w=1");                                        // 10: makes 9 cleanable
        assertTrue(cleaner.cleanFilthiest());
        for (long marker : new long[]{1, 3}) {
            assertEquals(1, batchAt(marker).recordCount(), "still readable until its horizon");
            assertTrue(batchAt(marker).isControl());
            assertEquals(java.util.OptionalLong.of(clock.millis() + DAY), batchAt(marker).deleteHorizonMs(),
                    "marker " + marker + " in " + layout());
        }
        assertFalse(batchAt(5).hasDeleteHorizon() || batchAt(7).hasDeleteHorizon(),
                "offsets 4 and 6 still hold their transactions' data: " + layout());

        clock.advance(Duration.ofMillis(DAY - 1));
        write("y=1");                                        // 11
        assertTrue(cleaner.cleanFilthiest());
        assertEquals(1, batchAt(1).recordCount(), "one millisecond before the horizon: " + layout());

        clock.advance(Duration.ofMillis(1));
        write("x=1");                                        // 12
        assertTrue(cleaner.cleanFilthiest());
        assertEquals(null, batchAt(1), "past its horizon the commit marker is gone: " + layout());
        assertEquals(null, batchAt(3), "and the abort marker: " + layout());
        assertEquals(1, batchAt(5).recordCount());
        assertEquals(1, batchAt(7).recordCount());
        assertEquals(List.of(new Entry(4, "m", "1"), new Entry(6, "n", "1"), new Entry(8, "k", "v2"), new Entry(9, "z", "0"),
                new Entry(10, "w", "1"), new Entry(11, "y", "1"), new Entry(12, "x", "1")),
                view().stream().filter(e -> e.offset() != 5 && e.offset() != 7).toList());
    }

    @Test
    void aMarkerStaysWhileAnEmptyBatchOfItsTransactionDoes() throws Exception {
        open(ONE_BATCH_SEGMENTS);
        writeTransactional(5, 0, "k", "v1", false, false);  // 0: producer 5's last data batch, superseded at 2
        writeTransactional(5, null, null, true, true);      // 1
        write("k=v2");                                       // 2
        write("z=0");                                        // 3, active
        LogCleaner cleaner = cleaner(compact(0, 0, Long.MAX_VALUE));
        cleaner.cleanFilthiest();
        clock.advance(Duration.ofMillis(2 * DAY));
        write("w=1");
        cleaner.cleanFilthiest();
        assertEquals(0, batchAt(0).recordCount(), "the producer's last batch stays, emptied: " + layout());
        assertEquals(1, batchAt(1).recordCount(), "so its transaction still has a batch and the marker stays, as in Kafka");
        assertFalse(batchAt(1).hasDeleteHorizon());
    }

    @Test
    void abortedDataIsDiscardedAndNeverSupersedesACommittedRecordAndOpenTransactionsAreNotCleaned()
            throws Exception {
        open(ONE_BATCH_SEGMENTS);
        write("k=committed");                               // 0
        writeTransactional(5, "k", "aborted", false, false); // 1
        writeTransactional(5, null, null, true, false);      // 2: abort marker
        writeTransactional(6, "j", "open", false, false);    // 3: a transaction still open
        write("j=later");                                    // 4
        write("z=0");                                        // 5, active

        assertTrue(cleaner(compact(0, 0, Long.MAX_VALUE)).cleanFilthiest());

        List<Entry> data = new ArrayList<>();
        for (RecordBatch b : allBatches()) {
            if (!b.isControl()) {
                for (Record r : b) {
                    data.add(new Entry(r.offset(), text(r, false), text(r, true)));
                }
            }
        }
        assertEquals(List.of(new Entry(0, "k", "committed"), new Entry(3, "j", "open"), new Entry(4, "j", "later"),
                new Entry(5, "z", "0")), data, "the aborted record is gone, the open transaction's segment untouched");
        assertTrue(allBatches().stream().anyMatch(b -> b.isControl() && b.baseOffset() == 2), "the marker stays");
    }

    @Test
    void segmentsAreMergedIntoGroupsThatFitSegmentBytes() throws Exception {
        open(ONE_BATCH_SEGMENTS);
        for (int i = 0; i < 10; i++) {
            write("k=" + i);
        }
        log.updateConfig(config(1 << 20));
        cleaner(compact(0.5, 0, Long.MAX_VALUE)).cleanFilthiest();

        assertEquals(2, log.segmentsForTest().size(), "one cleaned segment and the active one");
        assertEquals(List.of(new Entry(8, "k", "8"), new Entry(9, "k", "9")), view());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".cleaned") || n.endsWith(".swap") || n.endsWith(".deleted")).toList());
        }
    }

    @Test
    void theCleanedViewSurvivesAReopen() throws Exception {
        writeOverwritesAndTombstone();
        cleaner(compact(0.5, 0, Long.MAX_VALUE)).cleanFilthiest();
        List<Entry> cleaned = view();
        log.close();
        open(ONE_BATCH_SEGMENTS);
        assertEquals(cleaned, view());
        write("k9=z");
        assertEquals(6, view().get(view().size() - 1).offset());
    }

    @Test
    void aCrashAtAnyStepOfTheSwapLeavesAReadableLogThatLosesNothing() throws Exception {
        List<Entry> compacted = List.of(new Entry(2, "k1", "c"), new Entry(3, "k3", "d"), new Entry(4, "k2", null),
                new Entry(5, "k4", "e"));
        for (PartitionLog.SwapStep step : PartitionLog.SwapStep.values()) {
            writeOverwritesAndTombstone();
            List<Entry> before = view();
            log.crashPointForTest(reached -> {
                if (reached == step) {
                    throw new IOException("simulated crash at " + step);
                }
            });
            LogCleaner cleaner = cleaner(compact(0.5, 0, Long.MAX_VALUE));
            assertThrows(IOException.class, cleaner::cleanFilthiest, step.name());
            log.abandonForTest();

            open(ONE_BATCH_SEGMENTS);
            assertEquals(compacted, view(), "after a crash at " + step + " (before: " + before + ")");
            try (var files = Files.list(dir)) {
                assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".cleaned") || n.endsWith(".swap") || n.endsWith(".deleted"))
                        .toList(), step.name());
            }
            write("k7=h");
            assertEquals(new Entry(6, "k7", "h"), view().get(view().size() - 1));
            log.delete();
            log = null;
        }
    }

    @Test
    void aCleanedFileLeftBeforeTheSwapIsDiscardedAndTheOldSegmentsRead() throws Exception {
        writeOverwritesAndTombstone();
        List<Entry> before = view();
        log.close();
        Path stray = dir.resolve("00000000000000000000.log.cleaned");
        Files.write(stray, new byte[]{1, 2, 3});
        open(ONE_BATCH_SEGMENTS);
        assertFalse(Files.exists(stray));
        assertEquals(before, view());
    }

    @Test
    void aCompactOnlyTopicIsNotTrimmedByRetentionTime() throws Exception {
        open(LogTestSupport.withRetention(ONE_BATCH_SEGMENTS, 1000, -1));
        write("a=1");
        write("b=1");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(0, log.deleteExpiredSegments(false));
        assertEquals(1, log.deleteExpiredSegments(true));
    }
}
