package io.petrel.benchmarks.producer;

import java.util.function.DoubleSupplier;

/**
 * The load the rest of the machine put on it over an interval, in cores: machine-wide busy time
 * ({@code /proc/stat}) less the CPU time of this JVM and of the benchmark's child JVMs (the brokers). On a
 * shared 2-core machine other sessions' builds come and go, and throughput and latency follow them.
 */
public final class OtherLoad {
    private final DoubleSupplier childCpuSeconds;
    private final Machine.CpuTicks ticks0;
    private final double ours0;
    private final long nanos0;

    private OtherLoad(DoubleSupplier childCpuSeconds) {
        this.childCpuSeconds = childCpuSeconds;
        this.ticks0 = Machine.cpuTicks();
        this.ours0 = Machine.thisProcessCpuSeconds() + childCpuSeconds.getAsDouble();
        this.nanos0 = System.nanoTime();
    }

    /** Starts watching; {@code childCpuSeconds} gives the CPU seconds the benchmark's child JVMs used so far. */
    public static OtherLoad start(DoubleSupplier childCpuSeconds) {
        return new OtherLoad(childCpuSeconds);
    }

    /** Average cores the rest of the machine kept busy since {@link #start}; NaN off Linux. */
    public double coresSinceStart() {
        double wall = (System.nanoTime() - nanos0) / 1e9;
        double ours = Machine.thisProcessCpuSeconds() + childCpuSeconds.getAsDouble() - ours0;
        return otherCores(Machine.cpuTicks().busyFractionSince(ticks0), Runtime.getRuntime().availableProcessors(),
                wall, ours);
    }

    /**
     * The cores the rest of the machine kept busy on average over an interval: the machine-wide busy share
     * times the cores, less what the benchmark's own processes used in it.
     */
    static double otherCores(double busyFraction, int cores, double wallSeconds, double ourCpuSeconds) {
        return Math.max(0, busyFraction * cores * wallSeconds - ourCpuSeconds) / wallSeconds;
    }
}
