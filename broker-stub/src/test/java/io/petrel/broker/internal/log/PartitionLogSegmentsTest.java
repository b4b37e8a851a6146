package io.petrel.broker.internal.log;

import io.petrel.broker.LogConfig;
import io.petrel.protocol.record.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.batch;
import static io.petrel.broker.internal.log.LogTestSupport.batchesOf;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static io.petrel.broker.internal.log.LogTestSupport.readAll;
import static io.petrel.broker.internal.log.LogTestSupport.values;
import static io.petrel.broker.internal.log.LogTestSupport.withSegmentMs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLogSegmentsTest extends PartitionLogFixture {
    PartitionLogSegmentsTest() {
        super("topic-3");
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int batchSize() {
        return batch("v00", 2, T0).remaining();
    }

    @Test
    void rollsBySizeIntoSegmentsNamedByBaseOffset() throws Exception {
        open(config(batchSize() * 3L));
        for (int i = 0; i < 7; i++) {
            log.append(batch("v" + (i < 10 ? "0" : "") + i, 2, T0));
        }

        List<Long> bases = log.segmentsForTest().stream().map(LogSegment::baseOffset).toList();
        assertEquals(List.of(0L, 6L, 12L), bases, "three batches (six records) per segment");
        List<String> files = files();
        for (String base : List.of("00000000000000000000", "00000000000000000006", "00000000000000000012")) {
            assertTrue(files.contains(base + ".log"), files.toString());
            assertTrue(files.contains(base + ".index"), files.toString());
            assertTrue(files.contains(base + ".timeindex"), files.toString());
        }
        for (LogSegment s : log.segmentsForTest()) {
            assertTrue(s.size() <= batchSize() * 3, s + " is " + s.size() + " bytes");
        }
        assertTrue(Files.size(dir.resolve("00000000000000000000.index")) > 0, "offset index written");
        assertTrue(Files.size(dir.resolve("00000000000000000000.timeindex")) > 0, "time index written");
        assertEquals(14, readAll(log).size());
    }

    @Test
    void rollsByTimeOnTheNextAppend() throws Exception {
        open(withSegmentMs(config(1 << 20), Duration.ofHours(1).toMillis()));
        log.append(batch("a", 1, T0));
        clock.advance(Duration.ofMinutes(59));
        log.append(batch("b", 1, T0));
        assertEquals(1, log.segmentsForTest().size(), "not yet an hour old");

        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, log.segmentsForTest().size(), "rolling waits for an append");
        log.append(batch("c", 1, T0));
        assertEquals(List.of(0L, 2L), log.segmentsForTest().stream().map(LogSegment::baseOffset).toList());

        clock.advance(Duration.ofMinutes(30));
        log.append(batch("d", 1, T0));
        assertEquals(2, log.segmentsForTest().size(), "the new segment's age counts from its first append");
        assertEquals(List.of("a-0", "b-0", "c-0", "d-0"), readAll(log));
    }

    @Test
    void readFromTheMiddleOfALaterSegmentIsServedFromTheRightBatch() throws Exception {
        open(config(batchSize() * 3L));
        for (int i = 0; i < 12; i++) {
            log.append(batch("v" + (i < 10 ? "0" : "") + i, 2, T0));
        }
        // segments at 0, 6, 12, 18; offset 15 is the second record of the batch at 14, in the segment at 12
        List<RecordBatch> batches = batchesOf(log.read(15, 1 << 20, true));
        assertEquals(14, batches.get(0).baseOffset());
        assertEquals(List.of("v07-0", "v07-1", "v08-0", "v08-1"), values(batches),
                "the rest of that segment, and only that segment");
        assertEquals(18, batchesOf(log.read(18, 1 << 20, true)).get(0).baseOffset());
        assertEquals(22, batchesOf(log.read(23, 1 << 20, true)).get(0).baseOffset());
    }

    @Test
    void sparseIndexStillFindsEveryOffset() throws Exception {
        LogConfig c = config(1 << 20);
        open(LogTestSupport.withIndexInterval(c, 300));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            log.append(batch("s" + i, 3, T0 + i));
            expected.addAll(List.of("s" + i + "-0", "s" + i + "-1", "s" + i + "-2"));
        }
        LogSegment seg = log.segmentsForTest().get(0);
        assertTrue(seg.offsetIndexEntries() > 1 && seg.offsetIndexEntries() < 40,
                "sparse: " + seg.offsetIndexEntries() + " entries for 40 batches");
        for (long offset = 0; offset < 120; offset++) {
            RecordBatch first = batchesOf(log.read(offset, 1, true)).get(0);
            assertTrue(first.baseOffset() <= offset && offset <= first.lastOffset(),
                    "offset " + offset + " read batch " + first);
        }
        assertEquals(expected, readAll(log));
    }

    @Test
    void theIndexesOnDiskHoldEveryEntryOnceClosedAndAreUsedAsTheyAreOnReopen() throws Exception {
        // An entry per batch, more of them than one write-behind run holds, over two segments.
        int batches = 2 * IndexFile.WRITE_BEHIND_BYTES / 8 + 3;
        int size = batch("v0000", 2, T0).remaining();
        open(LogTestSupport.withIndexInterval(config(size * (long) (batches - 10)), 1));
        for (int i = 0; i < batches; i++) {
            log.append(batch(String.format("v%04d", i), 2, T0 + i));
        }
        List<LogSegment> segments = log.segmentsForTest();
        assertEquals(2, segments.size());
        List<Integer> offsetEntries = segments.stream().map(LogSegment::offsetIndexEntries).toList();
        List<Integer> timeEntries = segments.stream().map(LogSegment::timeIndexEntries).toList();
        assertEquals(batches - 10, offsetEntries.get(0), "an entry per batch of the first segment");
        log.close();
        log = null;
        for (int i = 0; i < segments.size(); i++) {
            String base = LogSegment.fileName(segments.get(i).baseOffset(), "");
            assertEquals(8L * offsetEntries.get(i), Files.size(dir.resolve(base + ".index")), base);
            assertEquals(12L * timeEntries.get(i), Files.size(dir.resolve(base + ".timeindex")), base);
        }

        open(LogTestSupport.withIndexInterval(config(size * (long) (batches - 10)), 1));
        assertEquals(offsetEntries, log.segmentsForTest().stream().map(LogSegment::offsetIndexEntries).toList());
        assertEquals(timeEntries, log.segmentsForTest().stream().map(LogSegment::timeIndexEntries).toList());
        for (long offset = 0; offset < 2L * batches; offset += 37) {
            RecordBatch first = batchesOf(log.read(offset, 1, true)).get(0);
            assertEquals(offset - offset % 2, first.baseOffset(), "offset " + offset);
        }
    }

    @Test
    void everyReadIsTheLongestRunOfWholeBatchesWithinMaxBytes() throws Exception {
        open(LogTestSupport.withIndexInterval(config(1 << 20), 200));
        List<long[]> batches = new ArrayList<>(); // base offset, size
        for (int i = 0; i < 60; i++) {
            int records = 1 + i % 5;
            PartitionLog.AppendResult r = log.append(batch("r" + i, records, T0));
            batches.add(new long[] {r.baseOffset(), 0});
        }
        List<RecordBatch> stored = batchesOf(log.read(0, Integer.MAX_VALUE, true));
        for (int i = 0; i < stored.size(); i++) {
            batches.get(i)[1] = stored.get(i).sizeInBytes();
        }
        for (long offset = 0; offset < log.logEndOffset(); offset += 3) {
            for (int maxBytes : new int[] {1, 90, 150, 400, 1000, 2500, 100_000}) {
                int first = 0;
                while (batches.get(first)[0] + (first + 1 < batches.size()
                        ? batches.get(first + 1)[0] - batches.get(first)[0] : 1 << 20) <= offset) {
                    first++;
                }
                long expected = 0;
                for (int i = first; i < batches.size() && expected + batches.get(i)[1] <= maxBytes; i++) {
                    expected += batches.get(i)[1];
                }
                if (expected == 0) {
                    expected = batches.get(first)[1];
                }
                LogSlice slice = log.read(offset, maxBytes, true);
                assertEquals(expected, slice.sizeInBytes(), "read(" + offset + ", " + maxBytes + ")");
                assertEquals(batches.get(first)[0], batchesOf(slice).get(0).baseOffset());
            }
        }
    }

    @Test
    void segmentsAndOffsetsSurviveReopen() throws Exception {
        LogConfig c = config(batchSize() * 2L);
        open(c);
        for (int i = 0; i < 5; i++) {
            log.append(batch("v0" + i, 2, T0));
        }
        List<String> before = readAll(log);
        log.close();

        open(c);
        assertEquals(10, log.logEndOffset());
        assertEquals(3, log.segmentsForTest().size());
        assertEquals(before, readAll(log));
        PartitionLog.AppendResult r = log.append(batch("after", 1, T0));
        assertEquals(10, r.baseOffset());
    }
}
