package io.petrel.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * CPU time of a JVM's threads by kind, from Linux's {@code /proc/<pid>/task/<tid>/schedstat} (nanoseconds on a CPU,
 * not the 10 ms ticks of {@code stat}). The one reader of those files for the suite's per-thread CPU figures (JIT
 * and GC threads, a launched broker's threads by name). A thread's {@code comm} holds the first 15 characters of
 * its name.
 */
final class ThreadCpu {
    private ThreadCpu() {
    }

    /** The task directory of JVM {@code pid}. */
    static Path tasksOf(long pid) {
        return Path.of("/proc", Long.toString(pid), "task");
    }

    /**
     * CPU nanoseconds of the threads listed in {@code taskDirectory}, summed by the kind {@code kindOfName} gives each
     * thread's name (null: not counted), sorted by kind; empty when the directory cannot be listed (no {@code /proc}).
     * A thread that ended between the listing and the read is not counted: its time is gone with it.
     */
    static Optional<Map<String, Long>> nanosByKind(Path taskDirectory, Function<String, String> kindOfName) {
        Map<String, Long> byKind = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(taskDirectory)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String kind = kindOfName.apply(Files.readString(task.resolve("comm")).trim());
                    if (kind != null) {
                        String schedstat = Files.readString(task.resolve("schedstat")).trim();
                        byKind.merge(kind, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))), Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    continue; // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(byKind);
    }
}
