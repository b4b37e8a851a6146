package io.petrel.broker.internal.log;

import io.petrel.broker.LogConfig;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static io.petrel.broker.internal.log.LogTestSupport.T0;

/**
 * The setup the partition log tests share: a temporary directory, a test clock standing at {@link
 * LogTestSupport#T0}, and the log under test, opened by {@link #open} in the subclass's directory and
 * closed after each test (a test that closes it itself sets {@link #log} to null).
 */
abstract class PartitionLogFixture {
    @TempDir
    Path tmp;

    /** Wall time at T0; the monotonic counter starts below zero, as System.nanoTime may: only differences count. */
    final ManualClock clock = new ManualClock(Instant.ofEpochMilli(T0), -5_000_000_000L);
    PartitionLog log;
    /** The log's directory, set by {@link #open}. */
    Path dir;
    private final String dirName;

    /** @param dirName the name of the log's directory under {@link #tmp} */
    PartitionLogFixture(String dirName) {
        this.dirName = dirName;
    }

    PartitionLog open(LogConfig config) throws Exception {
        dir = tmp.resolve(dirName);
        log = PartitionLog.open(dir, config, clock, clock::nanoTime);
        return log;
    }

    /** As {@link #open(LogConfig)}, with rolled segments forced by {@code flusher}'s tasks. */
    PartitionLog open(LogConfig config, java.util.concurrent.Executor flusher) throws Exception {
        dir = tmp.resolve(dirName);
        log = PartitionLog.open(dir, config, clock, clock::nanoTime, flusher);
        return log;
    }

    @AfterEach
    void closeLog() throws Exception {
        if (log != null) {
            log.close();
        }
    }
}
