package io.petrel.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Load-independent evidence of thread hand-offs: each thread of this JVM's context switches and CPU time, from
 * Linux's {@code /proc/self/task}, grouped by thread name with digits dropped (so "nioEventLoopGroup-2-1" and
 * "-2-2" count together). A hand-off from one thread to another costs the receiver a voluntary context switch
 * when it was parked; the count per record shows how many wake-ups a record costs, whatever the machine's load.
 */
final class ThreadSwitches {
    private ThreadSwitches() {
    }

    /** Per thread group: voluntary switches, involuntary switches, CPU ticks (utime + stime). */
    static Map<String, long[]> snapshot() {
        return snapshot(Path.of("/proc/self/task"));
    }

    /** As {@link #snapshot()}, for the threads of another process (a broker JVM). */
    static Map<String, long[]> snapshot(long pid) {
        return snapshot(Path.of("/proc", Long.toString(pid), "task"));
    }

    private static Map<String, long[]> snapshot(Path taskDirectory) {
        Map<String, long[]> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(taskDirectory)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    long voluntary = 0;
                    long involuntary = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the name, which may hold spaces: utime and stime are the 12th and 13th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    long[] sum = byName.computeIfAbsent(name, n -> new long[3]);
                    sum[0] += voluntary;
                    sum[1] += involuntary;
                    sum[2] += ticks;
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: it no longer counts.
                }
            }
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    /** "name vol/rec cpu-us/rec" for each thread group that switched at least once per 100 records. */
    static String perRecord(Map<String, long[]> before, Map<String, long[]> after, long records) {
        return perUnit(before, after, records, 0.01, 1);
    }

    /**
     * "name vol/unit cpu-us/unit" for each thread group that switched at least {@code minSwitches} times or used
     * {@code minMicros} of CPU per unit (a record, a fetch).
     */
    static String perUnit(Map<String, long[]> before, Map<String, long[]> after, double units, double minSwitches,
                          double minMicros) {
        StringBuilder out = new StringBuilder();
        after.forEach((name, a) -> {
            long[] b = before.getOrDefault(name, new long[3]);
            double voluntary = (a[0] - b[0]) / units;
            double cpuMicros = (a[2] - b[2]) * 10_000.0 / units; // 100 ticks a second
            if (voluntary >= minSwitches || cpuMicros >= minMicros) {
                out.append(String.format(Locale.ROOT, "[%s %.2f sw, %.1f us] ", name, voluntary, cpuMicros));
            }
        });
        return out.toString();
    }
}
