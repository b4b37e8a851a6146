package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.Machine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stalls of the machine, seen by a probe that does nothing but wake every millisecond: when a wake-up comes late
 * by {@link #THRESHOLD_MS} or more and no GC pause of this JVM explains it, no runnable thread of the benchmark
 * could have run either (the probe needs ~no CPU), so every process on the machine was held up: the host took the
 * vCPUs (steal time, read from {@code /proc/stat} around the stall) or other processes filled the run queue.
 *
 * <p>Why: on the shared VM the latency part saw ~100 ms stalls that hit whichever client and broker ran then,
 * Apache Kafka's too. A run's tail percentiles then say where the stall fell, not what the code did. This probe
 * gives each run the same outside measure, so the suite can set such runs aside by one rule for every side.
 */
final class MachineStalls implements AutoCloseable {
    static final long THRESHOLD_MS = 10;
    /**
     * A latency run with a stall this long is set aside ({@link SuiteResults.LatencyRun#machineStalled()}): at
     * 10 k records/s, 20 ms holds up 200 records, 0.25% of a 8-second window, enough to move its p99.
     */
    static final double RUN_LIMIT_MS = 20;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int STEAL_SAMPLE_EVERY = 10;

    /** A late wake-up: when the probe should have woken, when it did, and the steal (ms, all CPUs) around it. */
    record Stall(long dueNanos, long wokeNanos, double stealMs) {
        double lateMs() {
            return (wokeNanos - dueNanos) / 1e6;
        }
    }

    private final List<Stall> stalls = new CopyOnWriteArrayList<>();
    private final GcPauses gc = GcPauses.shared();
    private final Thread thread;
    private final long startNanos;
    private final Machine.CpuTicks startTicks;
    private volatile boolean stop;

    private MachineStalls() {
        startNanos = System.nanoTime();
        startTicks = Machine.cpuTicks();
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
        Machine.CpuTicks sampled = Machine.cpuTicks();
        int n = 0;
        while (!stop) {
            long due = System.nanoTime() + TICK_NANOS;
            LockSupport.parkNanos(TICK_NANOS);
            long woke = System.nanoTime();
            if (woke - due >= THRESHOLD_MS * 1_000_000) {
                Machine.CpuTicks now = Machine.cpuTicks();
                stalls.add(new Stall(due, woke, jiffiesToMs(now.steal() - sampled.steal())));
                sampled = now;
            } else if (++n % STEAL_SAMPLE_EVERY == 0) {
                sampled = Machine.cpuTicks();
            }
        }
    }

    /** The probe's late wake-ups that no GC pause of this JVM overlaps. */
    List<Stall> outsideStalls() {
        List<Stall> outside = new ArrayList<>();
        for (Stall s : stalls) {
            if (!GcPauses.overlaps(gc.between(s.dueNanos(), s.wokeNanos()), s.dueNanos(), s.wokeNanos())) {
                outside.add(s);
            }
        }
        return outside;
    }

    /** The longest outside stall that ended at or after {@code fromNanos}, in ms; 0 when none reached the threshold. */
    double longestMsSince(long fromNanos) {
        return outsideStalls().stream().filter(s -> s.wokeNanos() >= fromNanos).mapToDouble(Stall::lateMs).max()
                .orElse(0);
    }

    /** Steal time of all CPUs since the start, ms (the host running something else on this VM's CPUs). */
    double stealMsSinceStart() {
        return jiffiesToMs(Machine.cpuTicks().steal() - startTicks.steal());
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
