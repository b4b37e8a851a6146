package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.Machine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stalls of the machine, seen two ways by a probe thread that wakes every millisecond:
 * <ul>
 *   <li>a wake-up {@link #THRESHOLD_MS} or more late that no GC pause of this JVM explains: the probe needs ~no CPU,
 *   so no runnable thread on its CPU could run either (the host took that CPU, or other processes filled the run
 *   queue);</li>
 *   <li>a burst of steal time on one CPU ({@code /proc/stat}'s {@code cpuN} lines, read every 10 ms): at least
 *   {@link #THRESHOLD_MS} of the last {@link #STEAL_WINDOW_MS} ms in which the host ran something else on that
 *   virtual CPU. The guest's scheduler does not know a CPU was taken, so the threads queued on it wait while the
 *   probe, on the other CPU, wakes on time: the first detector alone missed such stalls.</li>
 * </ul>
 *
 * <p>Why: on the shared VM the latency part saw ~100 ms stalls that hit whichever client and broker ran then,
 * Apache Kafka's too. A run's tail percentiles then say where the stall fell, not what the code did. This probe
 * gives each run the same outside measure, so the suite can leave out the samples a stall touched ({@link StallMask})
 * by one rule for every side. A stall of the broker JVM alone or of the clients' code shows in neither detector.
 */
final class MachineStalls implements AutoCloseable {
    static final long THRESHOLD_MS = 10;
    private static final long STEAL_WINDOW_MS = 100;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int STEAL_SAMPLE_EVERY = 10;

    /**
     * A stall from {@code fromNanos} to {@code toNanos}, {@code ms} long: how late the probe woke, or the steal one
     * CPU had in the window; {@code stealMs} the steal of all CPUs in it, {@code lateWakeUp} which detector saw it.
     */
    record Stall(long fromNanos, long toNanos, double ms, double stealMs, boolean lateWakeUp) {
    }

    /** A reading of every CPU's steal jiffies. */
    record StealSample(long nanos, long[] jiffies) {
        long total() {
            long t = 0;
            for (long j : jiffies) {
                t += j;
            }
            return t;
        }
    }

    private final List<Stall> stalls = new CopyOnWriteArrayList<>();
    private final GcPauses gc = GcPauses.shared();
    private final Thread thread;
    private final long startNanos;
    private final StealSample startSteal;
    private final ArrayDeque<StealSample> window = new ArrayDeque<>();
    private volatile boolean stop;

    private MachineStalls() {
        startNanos = System.nanoTime();
        startSteal = new StealSample(startNanos, Machine.stealPerCpu());
        window.add(startSteal);
        thread = new Thread(this::probe, "machine-stall-probe");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
    }

    static MachineStalls start() {
        MachineStalls m = new MachineStalls();
        m.thread.start();
        return m;
    }

    private void probe() {
        int n = 0;
        while (!stop) {
            long due = System.nanoTime() + TICK_NANOS;
            LockSupport.parkNanos(TICK_NANOS);
            long woke = System.nanoTime();
            boolean late = woke - due >= THRESHOLD_MS * 1_000_000;
            if (late || ++n % STEAL_SAMPLE_EVERY == 0) {
                StealSample now = new StealSample(woke, Machine.stealPerCpu());
                if (late) {
                    StealSample before = window.peekLast();
                    stalls.add(new Stall(due, woke, (woke - due) / 1e6,
                            jiffiesToMs(now.total() - before.total()), true));
                }
                sampleSteal(now);
            }
        }
    }

    /** Notes a CPU whose steal over the last window reached the threshold, then starts a fresh window. */
    private void sampleSteal(StealSample now) {
        while (window.size() > 1 && now.nanos() - window.peekFirst().nanos() > STEAL_WINDOW_MS * 1_000_000) {
            window.pollFirst();
        }
        StealSample base = window.peekFirst();
        long worst = 0;
        int worstCpu = 0;
        for (int cpu = 0; cpu < Math.min(base.jiffies().length, now.jiffies().length); cpu++) {
            if (now.jiffies()[cpu] - base.jiffies()[cpu] > worst) {
                worst = now.jiffies()[cpu] - base.jiffies()[cpu];
                worstCpu = cpu;
            }
        }
        window.addLast(now);
        if (jiffiesToMs(worst) >= THRESHOLD_MS) {
            long[] span = stealSpan(List.copyOf(window), worstCpu);
            stalls.add(new Stall(span[0], span[1], jiffiesToMs(worst),
                    jiffiesToMs(now.total() - base.total()), false));
            window.clear();
            window.addLast(now);
        }
    }

    /**
     * Where in {@code readings} (oldest first) {@code cpu}'s steal grew: from the reading before its first increase to
     * the reading of its last. The window the burst was found in is up to 100 ms long, while 10 ms of steal may have
     * fallen in one 10 ms step of it; the samples left out for the burst ({@link StallMask}) are those of this span.
     */
    static long[] stealSpan(List<StealSample> readings, int cpu) {
        long from = readings.get(0).nanos();
        long to = readings.get(readings.size() - 1).nanos();
        boolean seen = false;
        for (int i = 1; i < readings.size(); i++) {
            if (readings.get(i).jiffies()[cpu] > readings.get(i - 1).jiffies()[cpu]) {
                if (!seen) {
                    from = readings.get(i - 1).nanos();
                    seen = true;
                }
                to = readings.get(i).nanos();
            }
        }
        return new long[] {from, to};
    }

    /** The stalls seen: steal bursts, and late wake-ups that no GC pause of this JVM overlaps. */
    List<Stall> outsideStalls() {
        return outside(stalls, gc);
    }

    /** Of {@code stalls}, the steal bursts, and the late wake-ups that no pause of {@code gc} overlaps. */
    static List<Stall> outside(List<Stall> stalls, GcPauses gc) {
        List<Stall> outside = new ArrayList<>();
        for (Stall s : stalls) {
            if (!s.lateWakeUp() || !gc.explains(s.fromNanos(), s.toNanos())) {
                outside.add(s);
            }
        }
        return outside;
    }

    /** The longest outside stall that ended at or after {@code fromNanos}, in ms; 0 when none reached the threshold. */
    double longestMsSince(long fromNanos) {
        return outsideStalls().stream().filter(s -> s.toNanos() >= fromNanos).mapToDouble(Stall::ms).max().orElse(0);
    }

    /** Steal time of all CPUs since the start, ms (the host running something else on this VM's CPUs). */
    double stealMsSinceStart() {
        return jiffiesToMs(new StealSample(System.nanoTime(), Machine.stealPerCpu()).total() - startSteal.total());
    }

    /** The wall time since the start, ms. */
    double elapsedMs() {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double jiffiesToMs(long jiffies) {
        return jiffies * 10.0; // USER_HZ is 100 on Linux
    }

    @Override
    public void close() {
        stop = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
