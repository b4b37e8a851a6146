package io.petrel.broker.internal.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The broker's thread that forces rolled segments to disk, off the threads that append (a rolled segment can be
 * 1 GiB of dirty pages: seconds to force). Each {@link PartitionLog} queues at most one task at a time, so the
 * queue is bounded by the number of logs. Closed after the logs: their close forces what is left, and a task
 * that runs after its log closed does nothing. Closing does not interrupt a running task (an interrupt would
 * close the segment's channel); it waits for it.
 */
public final class LogFlusher implements Executor, Closeable {
    private static final Logger log = LoggerFactory.getLogger(LogFlusher.class);
    private static final long STOP_WAIT_SECONDS = 30;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "petrel-log-flusher");
        t.setDaemon(true);
        return t;
    });

    /** @throws java.util.concurrent.RejectedExecutionException once closed */
    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Runs the tasks already queued, then stops the thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("The log flusher did not finish within {} s; its thread is left to end by itself",
                        STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while waiting for the log flusher to finish", e);
        }
    }
}
