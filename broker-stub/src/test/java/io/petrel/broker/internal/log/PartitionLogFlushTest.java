package io.petrel.broker.internal.log;

import io.petrel.broker.FlushPolicy;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
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
class PartitionLogFlushTest extends PartitionLogFixture {
    PartitionLogFlushTest() {
        super("f-0");
    }

    private long snapshotOffset() throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(dir.resolve(ProducerStateTable.SNAPSHOT_FILE))).getLong(4);
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
    void theFlushIntervalIsElapsedTimeNotWallClockTime() throws Exception {
        open(withFlush(config(1 << 20), FlushPolicy.interval(Duration.ofSeconds(5))));
        log.append(producerBatch(1, (short) 0, 0, 2, T0));
        clock.stepWallClock(Duration.ofHours(1));
        log.flushIfDue();
        assertEquals(0, snapshotOffset(), "the wall clock jumped an hour, but no time has passed");

        clock.stepWallClock(Duration.ofHours(-2));
        clock.advance(Duration.ofSeconds(5));
        log.flushIfDue();
        assertEquals(2, snapshotOffset(), "due five seconds later, though the wall clock went back");
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
