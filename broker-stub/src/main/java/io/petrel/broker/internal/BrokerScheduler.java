package io.petrel.broker.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The broker's one timer thread: long-poll fetch timeouts, group and transaction ticks, retention, flushes.
 *
 * <p>Why not {@code Executors.newSingleThreadScheduledExecutor}: a task cancelled there stays queued until its time
 * comes. A long-poll fetch that data answers early cancels its timer, and that timer holds the answered fetch and
 * its response: a consumer fetching 10,000 times a second with fetch.max.wait.ms 30 s kept up to 300,000 answered
 * fetches reachable. Here a cancel takes the task out of the queue at once (O(log n) for the queue's removal).
 */
public final class BrokerScheduler {
    private BrokerScheduler() {
    }

    /** A started single-thread scheduler on a daemon thread named {@code threadName}. */
    public static ScheduledThreadPoolExecutor start(String threadName) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
