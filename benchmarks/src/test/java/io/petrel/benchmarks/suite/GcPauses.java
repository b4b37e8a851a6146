package io.petrel.benchmarks.suite;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * This JVM's stop-the-world GC pauses as [start, end] nanoTime pairs (ms resolution), from the collectors'
 * notifications. A full GC caused by {@code System.gc()} is left out (the benchmarks' own, before a run), and so
 * are concurrent cycles, which do not stop the application. One listener per JVM: {@link #shared()}.
 *
 * <p>Where the collectors' clock starts: their pause times are ms since HotSpot's management layer started, some
 * 40-50 ms (more on a loaded machine) after the JVM start that {@code RuntimeMXBean.getUptime()} counts from, so
 * an origin taken from the uptime placed every pause that much early (measured: a {@code System.gc()} bracketed by
 * nanoTime at 1,069-1,101 ms after that origin was reported at 1,024-1,052 ms). {@link #shared()} therefore
 * calibrates once: it brackets one {@code System.gc()} with nanoTime and solves for the origin that puts the
 * reported pause inside the bracket ({@link #origin}).
 */
final class GcPauses {
    private static final long MS = 1_000_000L;
    private static final long CALIBRATION_WAIT_SECONDS = 10;
    private static GcPauses shared;

    /** Pauses as [start, end] ns after the collectors' clock origin. */
    private final List<long[]> pauses;
    private volatile long originNanos;
    /** How far a pause may lie from a window and still overlap it: the ms resolution plus the origin's uncertainty. */
    private volatile long slackNanos = MS;
    /** Non-null while {@link #calibrate} waits for its System.gc()'s notification. */
    private volatile BlockingQueue<long[]> calibration;

    private GcPauses(List<long[]> pauses, long originNanos) {
        this.pauses = pauses;
        this.originNanos = originNanos;
    }

    /** Pauses known beforehand as nanoTime pairs, no listener (tests). */
    static GcPauses of(List<long[]> pauses) {
        return new GcPauses(List.copyOf(pauses), 0);
    }

    /** The JVM's one listener, registered with every collector on first use, its origin calibrated. */
    static synchronized GcPauses shared() {
        if (shared == null) {
            shared = new GcPauses(new CopyOnWriteArrayList<>(),
                    System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * MS);
            shared.listen();
            shared.calibrate();
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
            long[] ms = {info.getGcInfo().getStartTime(), info.getGcInfo().getEndTime()};
            if (info.getGcAction().contains("major") && info.getGcCause().equals("System.gc()")) {
                BlockingQueue<long[]> waiting = calibration;
                if (waiting != null) {
                    waiting.add(ms);
                }
                return;
            }
            if (info.getGcName().contains("Concurrent")) {
                return;
            }
            pauses.add(new long[] {ms[0] * MS, ms[1] * MS});
        };
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) bean).addNotificationListener(listener, null, null);
        }
    }

    /** Brackets one System.gc() and sets the origin from its reported pause; keeps the uptime's if none comes. */
    private void calibrate() {
        calibration = new LinkedBlockingQueue<>();
        try {
            long before = System.nanoTime();
            System.gc();
            long after = System.nanoTime();
            long[] ms = calibration.poll(CALIBRATION_WAIT_SECONDS, TimeUnit.SECONDS);
            if (ms == null) {
                System.err.println("GcPauses: no notification of System.gc() within " + CALIBRATION_WAIT_SECONDS
                        + " s (explicit GC disabled or concurrent?); GC pause times may be placed up to ~50 ms early");
                return;
            }
            Origin origin = origin(before, after, ms[0], ms[1]);
            originNanos = origin.middle();
            slackNanos = MS + origin.halfWidth();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("GcPauses: interrupted while calibrating; GC pause times may be placed up to ~50 ms early");
        } finally {
            calibration = null;
        }
    }

    /** The nanoTimes [{@code lowest}, {@code highest}] at which the collectors' clock may read 0. */
    record Origin(long lowest, long highest) {
        /** The origin taken: the middle of the range. */
        long middle() {
            return lowest + halfWidth();
        }

        /** How far the true origin may lie from {@link #middle()}. */
        long halfWidth() {
            return (highest - lowest) / 2;
        }
    }

    /**
     * The nanoTimes at which the collectors' clock may read 0, from a pause reported at [{@code startMs},
     * {@code endMs}] (whole ms, rounded down) that lay between nanoTimes {@code beforeNanos} and {@code afterNanos}:
     * the origins that put it there.
     */
    static Origin origin(long beforeNanos, long afterNanos, long startMs, long endMs) {
        long lowest = beforeNanos - startMs * MS - MS;
        long highest = afterNanos - endMs * MS;
        if (highest < lowest || endMs < startMs) {
            throw new IllegalArgumentException("A pause reported at [" + startMs + ", " + endMs + "] ms cannot lie in"
                    + " [" + beforeNanos + ", " + afterNanos + "] ns: it is longer than the bracket");
        }
        return new Origin(lowest, highest);
    }

    /** The pauses that overlap [from, to], as nanoTime pairs. */
    List<long[]> between(long from, long to) {
        long o = originNanos;
        return pauses.stream().map(p -> new long[] {o + p[0], o + p[1]})
                .filter(p -> p[1] >= from && p[0] <= to).toList();
    }

    /**
     * Whether a pause lies within the slack (1 ms, the notifications' resolution, plus the origin's uncertainty) of
     * [from, to]. All pauses are searched: a prefilter by {@link #between} would drop the pauses just outside
     * [from, to] that the slack is there to catch.
     */
    boolean explains(long from, long to) {
        long o = originNanos;
        long slack = slackNanos;
        return pauses.stream().anyMatch(p -> o + p[1] + slack >= from && o + p[0] - slack <= to);
    }
}
