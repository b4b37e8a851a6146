package io.petrel.broker.internal.log;

import io.petrel.broker.LogConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.batch;
import static io.petrel.broker.internal.log.LogTestSupport.batchesOf;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static io.petrel.broker.internal.log.LogTestSupport.readAll;
import static io.petrel.broker.internal.log.LogTestSupport.withRetention;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLogRetentionTest extends PartitionLogFixture {
    PartitionLogRetentionTest() {
        super("r-0");
    }

    private static long oneBatchSegments() {
        return batch("x0", 2, T0).remaining();
    }

    @Test
    void retentionByTimeDeletesSegmentsWhoseNewestRecordIsTooOld() throws Exception {
        LogConfig c = withRetention(config(oneBatchSegments()), Duration.ofHours(1).toMillis(), -1);
        open(c);
        log.append(batch("x0", 2, T0));                                  // segment 0
        log.append(batch("x1", 2, T0 + Duration.ofMinutes(30).toMillis())); // segment 2
        log.append(batch("x2", 2, T0 + Duration.ofMinutes(90).toMillis())); // segment 4
        log.append(batch("x3", 2, T0));                                  // segment 6, active (old, but active)
        clock.advance(Duration.ofMinutes(100));

        assertEquals(2, log.deleteExpiredSegments(), "0 and 2 are over an hour old; 4 is not");
        assertEquals(4, log.logStartOffset());
        assertFalse(Files.exists(dir.resolve("00000000000000000000.log")));
        assertFalse(Files.exists(dir.resolve("00000000000000000000.index")));
        assertFalse(Files.exists(dir.resolve("00000000000000000002.timeindex")));
        assertTrue(Files.exists(dir.resolve("00000000000000000004.log")));
        assertEquals(List.of("x2-0", "x2-1", "x3-0", "x3-1"), readAll(log));
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(3, 100, true));
        assertEquals(4, batchesOf(log.read(4, 100, true)).get(0).baseOffset());

        clock.advance(Duration.ofHours(10));
        assertEquals(1, log.deleteExpiredSegments(), "the active segment stays however old");
        assertEquals(6, log.logStartOffset());
        assertEquals(1, log.segmentsForTest().size());
        assertEquals(0, log.deleteExpiredSegments());
    }

    @Test
    void retentionByBytesDeletesOldestSegmentsWhileTheRestIsStillLargeEnough() throws Exception {
        long seg = oneBatchSegments();
        open(withRetention(config(seg), -1, seg * 2));
        for (int i = 0; i < 5; i++) {
            log.append(batch("x" + i, 2, T0));
        }
        assertEquals(5, log.segmentsForTest().size());

        assertEquals(3, log.deleteExpiredSegments(), "two segments' worth stays");
        assertEquals(6, log.logStartOffset());
        assertEquals(List.of("x3-0", "x3-1", "x4-0", "x4-1"), readAll(log));
        PartitionLog.AppendResult r = log.append(batch("x5", 2, T0));
        assertEquals(6, r.logStartOffset());
        assertEquals(10, r.baseOffset());
    }

    @Test
    void logStartOffsetSurvivesReopen() throws Exception {
        long seg = oneBatchSegments();
        LogConfig c = withRetention(config(seg), -1, seg);
        open(c);
        for (int i = 0; i < 4; i++) {
            log.append(batch("x" + i, 2, T0));
        }
        log.deleteExpiredSegments();
        assertEquals(6, log.logStartOffset());
        log.close();

        open(c);
        assertEquals(6, log.logStartOffset());
        assertEquals(8, log.logEndOffset());
        assertEquals(List.of("x3-0", "x3-1"), readAll(log));
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(0, 100, true));
    }

    @Test
    void segmentsLeftBelowACheckpointedStartAreDeleted() throws Exception {
        LogConfig c = config(oneBatchSegments());
        open(c);
        for (int i = 0; i < 3; i++) {
            log.append(batch("x" + i, 2, T0));
        }
        log.close();
        Files.writeString(dir.resolve("log-start-offset"), "4\n"); // as if a crash came before the deletion

        open(c);
        assertEquals(4, log.logStartOffset());
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(0, 100, true));
        assertEquals(2, log.deleteExpiredSegments());
        assertFalse(Files.exists(dir.resolve("00000000000000000002.log")));
        assertEquals(List.of("x2-0", "x2-1"), readAll(log));
    }

    @Test
    void unlimitedRetentionKeepsEverything() throws Exception {
        open(withRetention(config(oneBatchSegments()), -1, -1));
        for (int i = 0; i < 3; i++) {
            log.append(batch("x" + i, 2, T0));
        }
        clock.advance(Duration.ofDays(3650));
        assertEquals(0, log.deleteExpiredSegments());
        assertEquals(0, log.logStartOffset());
    }

    @Test
    void aSliceHandedOutBeforeDeletionStaysReadable() throws Exception {
        long seg = oneBatchSegments();
        open(withRetention(config(seg), -1, seg));
        log.append(batch("x0", 2, T0));
        log.append(batch("x1", 2, T0));
        LogSlice slice = log.read(0, 1000, true);

        assertEquals(1, log.deleteExpiredSegments());
        assertEquals(List.of("x0-0", "x0-1"), LogTestSupport.values(batchesOf(slice)),
                "the network layer may still be sending it");
    }
}
