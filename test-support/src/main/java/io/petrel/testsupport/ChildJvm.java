package io.petrel.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Java program run in a JVM of its own on this JVM's class path ({@link ClassPathSnapshot#childClassPath}), as
 * tests and benchmarks run brokers: {@code java <options> -cp <snapshot> <main class> <arguments>}.
 *
 * <p>Its stdout and stderr go to one log file. Its standard input is a pipe this JVM never writes to: a child
 * that watches it for end of input (as {@link RealKafkaMain} does) learns that this JVM was killed and can halt
 * instead of outliving it. A shutdown hook stops the child (and runs the launcher's clean-up) if this JVM exits
 * with it still running.
 *
 * <p>{@link #stop} is SIGTERM, then SIGKILL after a grace period; {@link #kill} is SIGKILL at once, as a crash.
 */
public final class ChildJvm {
    private static final Duration HOOK_GRACE = Duration.ofSeconds(5);
    private static final Duration AFTER_KILL_WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final Path logFile;
    private final long launchedAtNanos;
    private final Thread shutdownHook;

    private ChildJvm(Process process, Path logFile, long launchedAtNanos, Thread shutdownHook) {
        this.process = process;
        this.logFile = logFile;
        this.launchedAtNanos = launchedAtNanos;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts {@code mainClass} with {@code arguments} in directory {@code workDir}, its output in {@code logFile}
     * (replaced if it exists). {@code atExit} runs after the child is stopped when this JVM exits with the child
     * still running (for instance deleting {@code workDir}); it does not run on {@link #stop} or {@link #kill}.
     */
    public static ChildJvm launch(Path workDir, Path logFile, List<String> jvmOptions, String mainClass,
                                  List<String> arguments, Runnable atExit) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(ClassPathSnapshot.childClassPath());
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        long launchedAt = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot launch a JVM for " + mainClass, e);
        }
        Thread hook = new Thread(() -> {
            stop(process, HOOK_GRACE);
            atExit.run();
        }, "child-jvm-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        return new ChildJvm(process, logFile, launchedAt, hook);
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's exit status, or empty while it runs. */
    public Optional<Integer> exitValue() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** The process, for tests that act on it directly (for instance closing its standard input). */
    public Process process() {
        return process;
    }

    /** {@link System#nanoTime} just before the launch, to time how long the child took to do something. */
    public long launchedAtNanos() {
        return launchedAtNanos;
    }

    /** The child's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the child's log, or a note saying why there are none. */
    public String logTail(int lines) {
        try {
            // Lenient decoding: a log cut mid-character must still show.
            List<String> all = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The child's resident set size in KiB (VmRSS in /proc), or empty where that cannot be read. */
    public Optional<Long> residentSetKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
            return Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // Not Linux, or the process is gone.
        }
    }

    /** Waits up to {@code limit} for the child to exit; whether it has. */
    public boolean waitFor(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for process " + pid(), e);
        }
    }

    /**
     * SIGTERM, wait up to {@code grace} for an orderly exit, then SIGKILL; returns the exit status. Does not close
     * the child's standard input (which a watching child takes as this JVM being gone). Idempotent.
     */
    public int stop(Duration grace) {
        forgetHook();
        stop(process, grace);
        if (process.isAlive()) {
            throw new IllegalStateException("Process " + pid() + " still runs after SIGTERM and SIGKILL");
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash: returns the exit status once the child is gone. Idempotent. */
    public int kill() {
        forgetHook();
        process.toHandle().destroyForcibly();
        if (!waitFor(AFTER_KILL_WAIT)) {
            throw new IllegalStateException("Process " + pid() + " still runs " + AFTER_KILL_WAIT.toSeconds()
                    + " s after SIGKILL");
        }
        return process.exitValue();
    }

    @Override
    public String toString() {
        return "ChildJvm[pid " + pid() + (isAlive() ? "" : ", exited " + process.exitValue()) + "]";
    }

    private void forgetHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // This JVM is shutting down: the hook runs anyway, and stopping twice is harmless.
        }
    }

    private static void stop(Process process, Duration grace) {
        // ProcessHandle.destroy, not Process.destroy: the latter also closes the child's stdin, which a watching
        // child takes as "the parent is gone" and halts at once instead of shutting down in order.
        ProcessHandle handle = process.toHandle();
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                handle.destroyForcibly();
                process.waitFor(AFTER_KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
