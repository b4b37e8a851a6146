package io.petrel.interop.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches a group's committed offsets from outside (kafka-clients' Admin, through {@link ClusterView}) while a
 * scenario runs: a committed offset that goes back, or one that disappears once it has been seen, is noted as a
 * regression.
 */
final class CommitWatch implements AutoCloseable {
    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final ClusterView view;
    private final String group;
    private final Thread thread;
    private final Map<Integer, Long> highest = new HashMap<>();
    private final List<String> regressions = new ArrayList<>();
    private volatile boolean running = true;
    private long observations;

    CommitWatch(ClusterView view, String group) {
        this.view = view;
        this.group = group;
        this.thread = new Thread(this::run, "commit-watch-" + group);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            check(view.committed(group));
            LockSupport.parkNanos(EVERY_NANOS); // sampling period, not synchronisation
        }
    }

    /** Compares one observation of the committed offsets with the highest seen before. */
    synchronized void check(Map<Integer, Long> committed) {
        observations++;
        highest.forEach((partition, before) -> {
            Long now = committed.get(partition);
            if (now == null) {
                regressions.add("partition " + partition + ": committed " + before + ", then nothing");
            } else if (now < before) {
                regressions.add("partition " + partition + ": committed " + before + ", then " + now);
            }
        });
        committed.forEach((partition, offset) -> highest.merge(partition, offset, Math::max));
    }

    synchronized List<String> regressions() {
        return List.copyOf(regressions);
    }

    synchronized long observations() {
        return observations;
    }

    /** Stops watching, after one last look. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        check(view.committed(group));
    }
}
