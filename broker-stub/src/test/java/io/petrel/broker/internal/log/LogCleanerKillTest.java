package io.petrel.broker.internal.log;

import io.petrel.broker.FlushPolicy;
import io.petrel.broker.LogConfig;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.TimestampType;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.ChildJvm;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.petrel.broker.internal.log.LogTestSupport.batchesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process appending to and cleaning a compacted log is killed with SIGKILL, three times, at random moments (most
 * fall inside a cleaning: it cleans every few appends): each time the log opens, reads to its end with every batch
 * whole, holds each record at its own offset, and still holds the latest record of every key; nothing of a cleaning
 * is left behind.
 */
class LogCleanerKillTest {
    @TempDir
    Path tmp;

    private ChildJvm child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.kill();
        }
    }

    @Test
    void sigkillDuringCleaningLosesNothingAndLeavesAReadableLog() throws Exception {
        Path dir = tmp.resolve("t-0");
        Random random = new Random(42);
        int cleaningsBefore = 0;
        for (int round = 1; round <= 3; round++) {
            child = ChildJvm.launch(tmp, tmp.resolve("child-" + round + ".log"), List.of("-Xmx64m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                    CleaningProcessMain.class.getName(), List.of(dir.toString()), () -> { });
            int wanted = 3 + random.nextInt(5);
            Await.until(Duration.ofSeconds(60), () -> "the child to clean " + wanted + " times: " + child.logTail(20),
                    () -> cleanings(child) >= wanted || !child.isAlive());
            assertTrue(child.isAlive(), child.logTail(40));
            child.kill();
            cleaningsBefore += cleanings(child);
            child = null;

            checkLog(dir);
        }
        assertTrue(cleaningsBefore >= 9, "cleanings run before the kills: " + cleaningsBefore);
    }

    private static int cleanings(ChildJvm jvm) {
        String[] lines = jvm.logTail(50).split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("CLEANED ")) {
                return Integer.parseInt(lines[i].substring(8).trim());
            }
        }
        return 0;
    }

    private static void checkLog(Path dir) throws Exception {
        LogConfig d = LogConfig.defaults();
        LogConfig config = new LogConfig(2048, d.segmentMs(), d.retentionMs(), d.retentionBytes(), d.maxMessageBytes(),
                TimestampType.CREATE_TIME, 256, FlushPolicy.osPageCache());
        ManualClock clock = new ManualClock();
        try (PartitionLog log = PartitionLog.open(dir, config, clock, clock::nanoTime)) {
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".cleaned") || n.endsWith(".swap") || n.endsWith(".deleted")).toList());
            }
            long end = log.logEndOffset();
            Map<String, Long> latest = new HashMap<>();
            long next = log.logStartOffset();
            while (next < end) {
                List<RecordBatch> batches = batchesOf(log.read(next, 1 << 16, true));
                assertTrue(!batches.isEmpty(), "a read at " + next + " below the end " + end);
                for (RecordBatch b : batches) {
                    for (Record r : b) {
                        String key = new String(r.keyBytes(), StandardCharsets.UTF_8);
                        assertEquals("k" + (r.offset() % CleaningProcessMain.KEYS), key, "offset " + r.offset());
                        assertEquals("v" + r.offset(), new String(r.valueBytes(), StandardCharsets.UTF_8));
                        latest.merge(key, r.offset(), Math::max);
                    }
                    next = b.nextOffset();
                }
            }
            for (long o = Math.max(0, end - CleaningProcessMain.KEYS); o < end; o++) {
                String key = "k" + (o % CleaningProcessMain.KEYS);
                assertEquals(o, latest.get(key), "the latest record of " + key + " (end " + end + ")");
            }
            assertTrue(end > 100, "the child wrote: " + end);
        }
    }
}
