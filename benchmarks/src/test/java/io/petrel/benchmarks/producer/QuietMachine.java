package io.petrel.benchmarks.producer;

import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Waits before a run for the rest of the machine to go quiet: on a shared machine other sessions' builds come
 * and go, and a run that shares the two cores with one measures the build as much as the client.
 *
 * <p>It watches windows of {@link #WINDOW} (0.5 s) of {@link OtherLoad}, in cores. It returns after the first window
 * under {@code belowCores}, or after {@code maxWait} with the run counted as started busy. It always watches
 * one window, so every run starts after the same pause.
 */
public final class QuietMachine {
    /** The length of one watched window. */
    public static final Duration WINDOW = Duration.ofMillis(500);

    private final double belowCores;
    private final Duration maxWait;
    private int startedBusy;
    private double waitedSeconds;

    public QuietMachine(double belowCores, Duration maxWait) {
        if (!(belowCores > 0)) {
            throw new IllegalArgumentException("The quiet threshold must be a positive number of cores, not " + belowCores);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("The longest wait for a quiet machine must not be negative, not " + maxWait);
        }
        this.belowCores = belowCores;
        this.maxWait = maxWait;
    }

    /**
     * Watches windows until one is quiet or {@code maxWait} has passed.
     *
     * @param childCpuSeconds the CPU seconds used so far by the child JVMs (brokers) that belong to the benchmark
     */
    public void await(DoubleSupplier childCpuSeconds) throws InterruptedException {
        long t0 = System.nanoTime();
        while (true) {
            OtherLoad load = OtherLoad.start(childCpuSeconds);
            Thread.sleep(WINDOW.toMillis());
            double other = load.coresSinceStart();
            if (isQuiet(other, belowCores)) {
                break;
            }
            if (System.nanoTime() - t0 > maxWait.toNanos()) {
                startedBusy++;
                break;
            }
        }
        waitedSeconds += (System.nanoTime() - t0) / 1e9 - WINDOW.toMillis() / 1000.0;
    }

    /**
     * Pauses {@code pause} first (the brokers finish what the last run left them: log flushes, GC), then
     * {@link #await}s with the brokers' CPU counted as the benchmark's own. What every run does before it starts.
     */
    public void awaitAfter(Duration pause, List<BrokerProcess> brokers) throws InterruptedException {
        Thread.sleep(pause.toMillis());
        await(() -> brokers.stream().mapToDouble(BrokerProcess::cpuSeconds).sum());
    }

    /** Quiet when under the threshold; an unknown load (NaN: no /proc) counts as quiet, as nothing can be waited for. */
    static boolean isQuiet(double otherCores, double belowCores) {
        return !(otherCores >= belowCores);
    }

    /** How many waits ended at {@code maxWait} on a still busy machine. */
    public int startedBusy() {
        return startedBusy;
    }

    /** Seconds spent waiting beyond the one window every run waits. */
    public double waitedSeconds() {
        return waitedSeconds;
    }

    public double belowCores() {
        return belowCores;
    }

    public Duration maxWait() {
        return maxWait;
    }
}
