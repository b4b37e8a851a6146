package io.petrel.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time a JVM's JIT compiler threads (HotSpot's "C1 CompilerThread#" and "C2 CompilerThread#") have used, from
 * Linux's {@code /proc/<pid>/task/<tid>/schedstat} (nanoseconds on a CPU). Over a measured window it shows a run
 * that measured code still being compiled, on a 2-core machine where a busy compiler thread takes a core from the
 * clients and the broker; unlike the compile times the JVM reports, it does not grow when the machine's load makes
 * a compiler thread wait for a core.
 */
final class CompilerCpu {
    /** {@code comm} holds the first 15 characters of a thread's name. */
    private static final String COMPILER_THREAD = " CompilerThre";

    private CompilerCpu() {
    }

    /** Nanoseconds on a CPU of {@code pid}'s compiler threads alive now (NaN without {@code /proc}). */
    static double nanos(long pid) {
        return nanos(Path.of("/proc", Long.toString(pid), "task"));
    }

    /** Nanoseconds on a CPU of this JVM's compiler threads alive now (NaN without {@code /proc}). */
    static double nanosOfThisJvm() {
        return nanos(ProcessHandle.current().pid());
    }

    static double nanos(Path taskDirectory) {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(taskDirectory)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                sum += compilerNanos(task);
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return sum;
    }

    /** The thread's CPU nanoseconds when it is a compiler thread, else 0 (also when it ended meanwhile). */
    private static long compilerNanos(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")).trim();
            if (!name.startsWith("C") || !name.endsWith(COMPILER_THREAD)) {
                return 0;
            }
            String schedstat = Files.readString(task.resolve("schedstat")).trim();
            return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            // The thread ended between the listing and the read: its time is gone with it.
            return 0;
        }
    }
}
