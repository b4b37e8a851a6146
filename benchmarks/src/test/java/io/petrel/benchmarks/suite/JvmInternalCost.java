package io.petrel.benchmarks.suite;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a workload costs this JVM beyond its own threads: CPU of the garbage collector's threads ("GC Thread#",
 * "G1 ...") and of the JIT compilers ("C1/C2 CompilerThre"), in nanoseconds from Linux's
 * {@code /proc/self/task/N/schedstat} (not the 10 ms ticks of {@code stat}), and what young collections found
 * live: the bytes each collection left in the survivor space plus what it promoted to the old generation, summed
 * over the collections (what the collector copied, which is what its threads' CPU goes into). Issue #17: per
 * record, these show whether a client keeps less alive per in-flight record, independent of the machine's load.
 *
 * <p>Use: {@link #start()} before the measured interval, {@link Snapshot#perRecord} after it.
 */
final class JvmInternalCost {
    private static final AtomicLong COPIED = new AtomicLong();
    private static final AtomicLong COLLECTIONS = new AtomicLong();
    private static boolean listening;

    private JvmInternalCost() {
    }

    /** A reading of the counters at the start of an interval. */
    record Snapshot(long gcNanos, long jitNanos, long copiedBytes, long collections, long gcMillis) {
        /** "GC n (m ms), GC threads x us/rec, JIT y us/rec, copied z B/rec" since this snapshot. */
        String perRecord(long records) {
            Snapshot now = now();
            return String.format(Locale.ROOT, "GCs %d (%d ms)  GC threads %.3f us/rec  JIT %.3f us/rec"
                            + "  GC-copied %.1f B/rec", now.collections - collections, now.gcMillis - gcMillis,
                    (now.gcNanos - gcNanos) / 1e3 / records, (now.jitNanos - jitNanos) / 1e3 / records,
                    (double) (now.copiedBytes - copiedBytes) / records);
        }
    }

    /** Starts listening to collections (once per JVM) and reads the counters. */
    static synchronized Snapshot start() {
        if (!listening) {
            listening = true;
            NotificationListener listener = (notification, handback) -> {
                if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    copied(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                }
            };
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
            }
        }
        return now();
    }

    /** Survivor bytes after the collection plus old-generation growth: what it kept alive out of eden. */
    private static void copied(GarbageCollectionNotificationInfo info) {
        GcInfo gc = info.getGcInfo();
        long kept = 0;
        for (Map.Entry<String, MemoryUsage> after : gc.getMemoryUsageAfterGc().entrySet()) {
            String pool = after.getKey();
            MemoryUsage before = gc.getMemoryUsageBeforeGc().get(pool);
            if (pool.contains("Survivor")) {
                kept += after.getValue().getUsed();
            } else if (pool.contains("Old") && before != null) {
                kept += Math.max(0, after.getValue().getUsed() - before.getUsed());
            }
        }
        COPIED.addAndGet(kept);
        COLLECTIONS.incrementAndGet();
    }

    private static Snapshot now() {
        Map<String, Long> byKind = nanosByThreadKind();
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new Snapshot(byKind.getOrDefault("gc", 0L), byKind.getOrDefault("jit", 0L), COPIED.get(),
                COLLECTIONS.get(), gcMillis);
    }

    /** Run time of this JVM's GC and JIT threads so far, in nanoseconds (empty off Linux). */
    private static Map<String, Long> nanosByThreadKind() {
        return ThreadCpu.nanosByKind(Path.of("/proc/self/task"), name -> name.startsWith("GC Thread")
                || name.startsWith("G1 ") ? "gc" : CompilerCpu.isCompilerThread(name) ? "jit" : null).orElse(Map.of());
    }
}
