package io.petrel.broker.internal.log;

import io.petrel.broker.FlushPolicy;
import io.petrel.broker.LogConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static io.petrel.broker.internal.log.LogTestSupport.producerBatch;
import static io.petrel.broker.internal.log.LogTestSupport.withFlush;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An fsync cannot be observed from a test, but the producer-state snapshot written with every flush
 * can: its offset tells when the log last flushed.
 */
class PartitionLogFlushTest {
    @TempDir
    Path tmp;

    private final LogTestSupport.TestClock clock = new LogTestSupport.TestClock(T0);
    private PartitionLog log;
    private Path dir;

    @AfterEach
    void closeLog() throws Exception {
        if (log != null) {
            log.close();
        }
    }

    private long snapshotOffset() throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(dir.resolve(ProducerStateTable.SNAPSHOT_FILE))).getLong(4);
    }

    private void open(LogConfig c) throws Exception {
        dir = tmp.resolve("f-0");
        log = PartitionLog.open(dir, c, clock);
    }

    @Test
    void intervalPolicyFlushesOnceTheIntervalHasPassed() throws Exception {
        open(withFlush(config(1 << 20), FlushPolicy.interval(Duration.ofSeconds(5))));
        assertEquals(0, snapshotOffset(), "written on open");
        log.append(producerBatch(1, (short) 0, 0, 2, T0));
        clock.advance(Duration.ofSeconds(4));
        log.flushIfDue();
        assertEquals(0, snapshotOffset(), "not yet due");

        clock.advance(Duration.ofSeconds(1));
        log.flushIfDue();
        assertEquals(2, snapshotOffset(), "due five seconds after the first unflushed append");

        log.append(producerBatch(1, (short) 0, 2, 1, T0));
        clock.advance(Duration.ofSeconds(6));
        log.append(producerBatch(1, (short) 0, 3, 1, T0));
        assertEquals(4, snapshotOffset(), "an append past the interval flushes without waiting for flushIfDue");
    }

    @Test
    void osPageCachePolicyNeverFlushesByItself() throws Exception {
        open(config(1 << 20));
        log.append(producerBatch(1, (short) 0, 0, 2, T0));
        clock.advance(Duration.ofDays(1));
        log.flushIfDue();
        assertEquals(0, snapshotOffset());
        log.flush();
        assertEquals(2, snapshotOffset(), "an explicit flush does");
    }

    @Test
    void everyAppendPolicyAppendsAndReadsBack() throws Exception {
        open(withFlush(config(1 << 20), FlushPolicy.everyAppend()));
        log.append(producerBatch(1, (short) 0, 0, 2, T0));
        assertEquals(2, LogTestSupport.readAll(log).size());
    }
}
