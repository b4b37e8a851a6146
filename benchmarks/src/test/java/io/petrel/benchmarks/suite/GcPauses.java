package io.petrel.benchmarks.suite;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This JVM's stop-the-world GC pauses as [start, end] nanoTime pairs (ms resolution), from the collectors'
 * notifications. A full GC caused by {@code System.gc()} is left out (the benchmarks' own, before a run), and so
 * are concurrent cycles, which do not stop the application. One listener per JVM: {@link #shared()}.
 */
final class GcPauses {
    private static GcPauses shared;

    private final List<long[]> pauses;
    private final long jvmStartNanos;

    private GcPauses(List<long[]> pauses) {
        this.pauses = pauses;
        jvmStartNanos = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    }

    /** Pauses known beforehand, no listener (tests). */
    static GcPauses of(List<long[]> pauses) {
        return new GcPauses(List.copyOf(pauses));
    }

    /** The JVM's one listener, registered with every collector on first use. */
    static synchronized GcPauses shared() {
        if (shared == null) {
            shared = new GcPauses(new CopyOnWriteArrayList<>());
            shared.listen();
        }
        return shared;
    }

    private void listen() {
        NotificationListener listener = (notification, handback) -> {
            if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            if (info.getGcAction().contains("major") && info.getGcCause().equals("System.gc()")) {
                return;
            }
            if (info.getGcName().contains("Concurrent")) {
                return;
            }
            pauses.add(new long[] {jvmStartNanos + info.getGcInfo().getStartTime() * 1_000_000L,
                    jvmStartNanos + info.getGcInfo().getEndTime() * 1_000_000L});
        };
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) bean).addNotificationListener(listener, null, null);
        }
    }

    /** The pauses that overlap [from, to]. */
    List<long[]> between(long from, long to) {
        return pauses.stream().filter(p -> p[1] >= from && p[0] <= to).toList();
    }

    /**
     * Whether a pause lies within 1 ms of [from, to]. All pauses are searched: a prefilter by {@link #between} would
     * drop the pauses just outside [from, to] that the 1 ms slack is there to catch.
     */
    boolean explains(long from, long to) {
        return overlaps(pauses, from, to);
    }

    /** Whether a pause of {@code window} lies within 1 ms (the notifications' resolution) of [from, to]. */
    static boolean overlaps(List<long[]> window, long from, long to) {
        return window.stream().anyMatch(p -> p[1] + 1_000_000 >= from && p[0] - 1_000_000 <= to);
    }
}
