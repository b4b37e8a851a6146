package io.petrel.benchmarks.suite;

import java.nio.file.Path;

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
        return nanos(ThreadCpu.tasksOf(pid));
    }

    /** Nanoseconds on a CPU of this JVM's compiler threads alive now (NaN without {@code /proc}). */
    static double nanosOfThisJvm() {
        return nanos(ProcessHandle.current().pid());
    }

    static double nanos(Path taskDirectory) {
        return ThreadCpu.nanosByKind(taskDirectory, name -> isCompilerThread(name) ? "jit" : null)
                .map(byKind -> (double) byKind.getOrDefault("jit", 0L))
                .orElse(Double.NaN);
    }

    /** Whether {@code comm} names a HotSpot compiler thread ("C1 CompilerThre", "C2 CompilerThre"). */
    static boolean isCompilerThread(String comm) {
        return comm.startsWith("C") && comm.endsWith(COMPILER_THREAD);
    }
}
