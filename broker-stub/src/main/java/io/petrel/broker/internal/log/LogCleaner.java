package io.petrel.broker.internal.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The broker's log cleaner ({@code log.cleaner.enable}): one thread that keeps compacted partitions compacted.
 *
 * <p>How it works, as Kafka's LogCleanerManager picks work: each pass measures every compacted partition's
 * dirty section (see {@link Cleaner}) and cleans the filthiest whose dirty ratio passes its
 * {@code min.cleanable.dirty.ratio}, or whose oldest dirty record is past {@code max.compaction.lag.ms};
 * the cleaned-up-to offset goes into the {@link CleanerCheckpoint}. When no partition needs cleaning the thread
 * waits {@code log.cleaner.backoff.ms}. Record timestamps and delete horizons are judged on the wall clock, as
 * Kafka does. {@link #cleanFilthiest()} is one pass, which tests call with a manual clock instead of the thread.
 */
public final class LogCleaner implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(LogCleaner.class);

    /** A compacted partition the cleaner may clean. */
    public record CleanableLog(String topic, int partition, PartitionLog log, CompactionConfig config) {
    }

    private final Path dataDir;
    private final Supplier<Collection<CleanableLog>> logs;
    private final Clock clock;
    private final long backoffMs;
    private final Cleaner cleaner;
    private final Map<String, Long> checkpoints;
    private final Object wakeup = new Object();
    private volatile boolean stopped;
    private Thread thread;

    /**
     * @param dataDir           where the cleaner checkpoint lives
     * @param logs              the compacted partitions, asked anew on each pass
     * @param dedupeBufferBytes {@code log.cleaner.dedupe.buffer.size}: the offset map's memory bound
     */
    public LogCleaner(Path dataDir, Supplier<Collection<CleanableLog>> logs, Clock clock, long backoffMs,
                      long dedupeBufferBytes) throws IOException {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.logs = Objects.requireNonNull(logs, "logs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoffMs = backoffMs;
        this.cleaner = new Cleaner(dedupeBufferBytes);
        this.checkpoints = new ConcurrentHashMap<>(CleanerCheckpoint.read(dataDir));
    }

    /** Starts the cleaner thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "petrel-log-cleaner-0");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        log.info("Log cleaner started, backoff {} ms", backoffMs);
        while (!stopped) {
            boolean cleaned = false;
            try {
                cleaned = cleanFilthiest();
            } catch (IOException | RuntimeException e) {
                log.warn("A cleaning pass failed; the next pass tries again", e);
            }
            if (!cleaned) {
                synchronized (wakeup) {
                    if (!stopped) {
                        try {
                            wakeup.wait(backoffMs);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }

    /**
     * One pass: cleans the filthiest partition that needs it. Returns whether one was cleaned.
     */
    public boolean cleanFilthiest() throws IOException {
        long now = clock.millis();
        CleanableLog best = null;
        Cleaner.Dirtiness bestDirt = null;
        Set<String> present = new HashSet<>();
        for (CleanableLog l : logs.get()) {
            String key = CleanerCheckpoint.key(l.topic(), l.partition());
            present.add(key);
            if (!l.config().compact()) {
                continue;
            }
            Cleaner.Dirtiness d;
            try {
                d = Cleaner.dirtiness(l.log(), l.config(), checkpoints.getOrDefault(key, -1L), now);
            } catch (IOException e) {
                log.debug("{}-{} cannot be measured now (closed?): {}", l.topic(), l.partition(), e.getMessage());
                continue;
            }
            boolean due = d.cleanableBytes() > 0
                    && (d.ratio() > l.config().minCleanableDirtyRatio() || d.needCompactionNow());
            if (due && (bestDirt == null || d.ratio() > bestDirt.ratio())) {
                best = l;
                bestDirt = d;
            }
        }
        if (checkpoints.keySet().retainAll(present)) {
            CleanerCheckpoint.write(dataDir, checkpoints);
        }
        if (best == null) {
            return false;
        }
        Cleaner.Result r = cleaner.clean(best.log(), best.config(), bestDirt, now);
        if (r == null) {
            return false;
        }
        checkpoints.put(CleanerCheckpoint.key(best.topic(), best.partition()), r.endOffset());
        CleanerCheckpoint.write(dataDir, checkpoints);
        log.info("Cleaned {}-{} up to offset {} (dirty from {}, ratio {}): {} record(s) removed, {} bytes to {}",
                best.topic(), best.partition(), r.endOffset(), r.firstDirtyOffset(),
                String.format("%.2f", bestDirt.ratio()), r.recordsRemoved(), r.bytesBefore(), r.bytesAfter());
        return true;
    }

    /** The checkpointed first dirty offset of a partition, or -1 when none. */
    public long checkpoint(String topic, int partition) {
        return checkpoints.getOrDefault(CleanerCheckpoint.key(topic, partition), -1L);
    }

    @Override
    public void close() {
        stopped = true;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                log.warn("The log cleaner thread did not stop within 10 s");
            }
        }
    }
}
