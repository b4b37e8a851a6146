package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.BrokerStartupBenchmark;
import io.petrel.benchmarks.suite.SuiteResults.LauncherStart;
import io.petrel.testsupport.FreePorts;
import io.petrel.testsupport.ScratchDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./petrel broker} as a user runs it, timed from the launch of the script to the first record a
 * kafka-clients producer got acknowledged ({@link FirstAckProbe}): the script's own work (its build check, the
 * class path, the class-data-sharing archive's key) counts, as it does for a user.
 *
 * <p>Two ways, interleaved run by run: without the class-data-sharing archive ({@code PETREL_CDS=off}) and
 * with it. The archive is written by the launcher on a command's first run, as that run's JVM exits; one
 * unmeasured run with it on comes first, so that the archive of the current jars exists before the measured
 * runs (and this JVM has loaded the probe's classes). With the default JVM flags of {@code ./petrel}.
 */
final class LauncherFirstAck {
    private static final long STOP_LIMIT_S = 30;

    private final Path root;
    /** Each measured launch's broker JVM CPU by thread at its first ack, for the standalone run's printout. */
    private final List<String> threadCpu = new ArrayList<>();

    /** @param root the checkout whose {@code ./petrel} to run (its tools already built) */
    LauncherFirstAck(Path root) {
        this.root = root;
    }

    /** {@code runs} launches each way, interleaved (off, on, on, off, ...), after one unmeasured launch with the archive on. */
    List<LauncherStart> measure(int runs) throws Exception {
        launch(true);
        List<LauncherStart> launches = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            for (Boolean cds : Interleaving.order(List.of(false, true), r)) {
                launches.add(launch(cds));
            }
        }
        return launches;
    }

    /**
     * Standalone: {@code LauncherFirstAck [runs] [root] [--idle-first-run]} prints every launch and the median and
     * minimum each way (class path as for {@code BenchmarkSuite}, see benchmarks/README.md). With
     * {@code --idle-first-run} the checkout's {@code broker} archive is deleted first and written again by a launch
     * that no client reaches (started, then stopped), as a user's first try leaves it.
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        LauncherFirstAck launcher = new LauncherFirstAck(args.length > 1 ? Path.of(args[1]).toAbsolutePath() : checkoutRoot());
        if (!launcher.available()) {
            throw new IllegalStateException("No built ./petrel in " + launcher.root + ": run ./petrel --help there first");
        }
        if (args.length > 2 && args[2].equals("--idle-first-run")) {
            launcher.writeArchiveWithoutClients();
        }
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        List<LauncherStart> launches = launcher.measure(runs);
        launches.forEach(l -> System.out.printf(Locale.ROOT, "CDS %-3s first ack %.3f s, JVM CPU %.2f s%n",
                l.cds() ? "on" : "off", l.firstAckSeconds(), l.cpuSeconds()));
        // The first entry is the unmeasured launch that writes the archive (its JVM is the launcher's child).
        launcher.threadCpu.stream().skip(1).forEach(t -> System.out.println("CDS " + t));
        for (boolean cds : List.of(false, true)) {
            List<Double> s = launches.stream().filter(l -> l.cds() == cds).map(LauncherStart::firstAckSeconds).toList();
            List<Double> cpu = launches.stream().filter(l -> l.cds() == cds).map(LauncherStart::cpuSeconds).toList();
            System.out.printf(Locale.ROOT, "CDS %-3s median %.3f s, min %.3f s; CPU median %.2f s (%d runs)%n",
                    cds ? "on" : "off", Medians.of(s), Collections.min(s), Medians.of(cpu), s.size());
        }
        System.out.println("load average before: " + loadBefore + "; after: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** The checkout run-suite.sh runs in (system property {@code petrel.bench.root}), else the working directory. */
    static Path checkoutRoot() {
        return Path.of(System.getProperty("petrel.bench.root", "")).toAbsolutePath();
    }

    /** True when this checkout has a built launcher to run. */
    boolean available() {
        return Files.isExecutable(root.resolve("petrel"))
                && Files.isRegularFile(root.resolve("tools/target/launcher-classpath.txt"));
    }

    private LauncherStart launch(boolean cds) throws Exception {
        Path dir = ScratchDirectory.create("petrel-bench-launcher-");
        int port = FreePorts.one();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("petrel").toString(), "broker", "--port",
                Integer.toString(port), "--data-dir", dir.resolve("data").toString())
                .redirectOutput(dir.resolve("broker.log").toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("PETREL_JAVA_OPTS");
        env.put("PETREL_CDS", cds ? "on" : "off");
        long launched = System.nanoTime();
        Process process = builder.start();
        try {
            new FirstAckProbe().await("127.0.0.1:" + port, process::isAlive);
            double seconds = (System.nanoTime() - launched) / 1e9;
            threadCpu.add((cds ? "on  " : "off ") + threadCpuMs(process.pid()));
            // The broker JVM's CPU: the launcher execs java unless it is writing the archive (the unmeasured first launch).
            return new LauncherStart(cds, seconds, BrokerStartupBenchmark.cpuMs(process.pid()) / 1000);
        } catch (Exception e) {
            throw new IllegalStateException("./petrel broker (PETREL_CDS=" + (cds ? "on" : "off") + ") did not ack: "
                    + e.getMessage() + "\n" + Files.readString(dir.resolve("broker.log")), e);
        } finally {
            stop(process);
            ScratchDirectory.deleteTree(dir);
        }
    }

    /**
     * CPU ms of each thread of JVM {@code pid} so far, by thread name ({@code /proc/<pid>/task/<tid>/schedstat}, ns):
     * the main thread shows as {@code java}; names are cut to 15 characters by Linux; threads of one kind summed.
     */
    private static String threadCpuMs(long pid) {
        Optional<Map<String, Long>> byName = ThreadCpu.nanosByKind(ThreadCpu.tasksOf(pid),
                name -> name.replaceAll("[-#]?[0-9]+$", ""));
        if (byName.isEmpty()) {
            return "(no /proc/" + pid + "/task)";
        }
        Map<String, Long> nanos = byName.get();
        StringBuilder text = new StringBuilder();
        nanos.forEach((name, ns) -> {
            if (ns >= 5_000_000) {
                text.append(String.format(Locale.ROOT, "%s=%.0f ", name, ns / 1e6));
            }
        });
        return text.toString().trim();
    }

    /** Deletes the {@code broker} archive, then launches once with it on and stops the broker as soon as it listens. */
    private void writeArchiveWithoutClients() throws Exception {
        Path cds = root.resolve("tools/target/cds");
        Files.deleteIfExists(cds.resolve("broker.jsa"));
        Files.deleteIfExists(cds.resolve("broker.jsa.key"));
        Path dir = ScratchDirectory.create("petrel-bench-launcher-");
        Path log = dir.resolve("broker.log");
        Process process = new ProcessBuilder(root.resolve("petrel").toString(), "broker", "--port",
                Integer.toString(FreePorts.one()), "--data-dir", dir.resolve("data").toString())
                .redirectOutput(log.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_LIMIT_S);
            while (!Files.readString(log).contains(" listening on ")) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("./petrel broker did not start listening:\n" + Files.readString(log));
                }
                Thread.sleep(20); // polling a log file; nothing to wait on
            }
        } finally {
            stop(process);
            ScratchDirectory.deleteTree(dir);
        }
        if (!Files.isRegularFile(cds.resolve("broker.jsa"))) {
            throw new IllegalStateException("the idle first run wrote no archive in " + cds);
        }
    }

    /** SIGTERM (the launcher passes it on to the JVM while it writes the archive), then a kill after a while. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_LIMIT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
