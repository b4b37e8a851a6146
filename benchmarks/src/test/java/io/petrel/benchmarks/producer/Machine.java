package io.petrel.benchmarks.producer;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the benchmark reads about the machine and its processes: load average, machine-wide CPU use
 * ({@code /proc/stat}), the CPU time of this JVM and of a child process, and facts for the report.
 * Everything degrades to "unknown" off Linux.
 */
public final class Machine {
    private Machine() {
    }

    /** The 1-, 5- and 15-minute load averages, as {@code /proc/loadavg} has them. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average, or NaN. */
    public static double loadAverage1() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Busy and total jiffies of all CPUs together (first line of {@code /proc/stat}), or nulls off Linux. */
    public static CpuTicks cpuTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            // user nice system idle iowait irq softirq steal: busy is what ran here, steal what the host took.
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return new CpuTicks(total - idle - steal, total);
        } catch (IOException | RuntimeException e) {
            return new CpuTicks(0, 0);
        }
    }

    /**
     * Each CPU's steal jiffies so far ({@code cpuN} lines of {@code /proc/stat}): the time the host ran something
     * else on that virtual CPU. Empty off Linux.
     */
    public static long[] stealPerCpu() {
        try {
            return Files.readAllLines(Path.of("/proc/stat")).stream()
                    .filter(l -> l.startsWith("cpu") && Character.isDigit(l.charAt(3)))
                    .map(l -> l.trim().split("\\s+"))
                    .mapToLong(f -> f.length > 8 ? Long.parseLong(f[8]) : 0).toArray();
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    /** A reading of {@code /proc/stat}. */
    public record CpuTicks(long busy, long total) {
        /** The share of all CPUs that was busy between {@code earlier} and this reading, 0..1, or NaN. */
        public double busyFractionSince(CpuTicks earlier) {
            long dt = total - earlier.total;
            return dt <= 0 ? Double.NaN : (double) (busy - earlier.busy) / dt;
        }
    }

    /** CPU seconds (user + system) this JVM has used. */
    public static double thisProcessCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** CPU seconds (user + system) another process has used, or NaN when the OS does not tell. */
    public static double processCpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).map(ns -> ns / 1e9).orElse(Double.NaN);
    }

    /** Milliseconds this JVM has spent in garbage collection, over all collectors. */
    public static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** Resident set size of a process in MiB ({@code VmRSS}), or NaN. */
    public static double rssMiB(long pid) {
        return statusMiB(pid, "VmRSS:");
    }

    /** The largest resident set size the process has had so far in MiB ({@code VmHWM}), or NaN. */
    public static double peakRssMiB(long pid) {
        return statusMiB(pid, "VmHWM:");
    }

    /** A kB field of {@code /proc/<pid>/status} in MiB, or NaN when not Linux or the process is gone. */
    private static double statusMiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or gone.
        }
        return Double.NaN;
    }

    /** Lines describing the machine and this JVM, for the report. */
    public static List<String> facts() {
        Runtime rt = Runtime.getRuntime();
        return List.of(
                "CPU: " + cpuModel() + ", " + rt.availableProcessors() + " cores visible to the JVM",
                "memory: " + memTotal(),
                "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                "Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (" + System.getProperty("java.vendor") + ")",
                "benchmark JVM: max heap " + rt.maxMemory() / (1024 * 1024) + " MiB, GC "
                        + String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName).toList()),
                "benchmark JVM flags: " + (ManagementFactory.getRuntimeMXBean().getInputArguments().isEmpty() ? "(none)"
                        : String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
