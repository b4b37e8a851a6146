package io.petrel.benchmarks;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.testsupport.FreePorts;
import io.petrel.testsupport.ScratchDirectory;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast broker-stub starts and how little it holds, beside Apache Kafka's figures measured on this
 * kind of machine (shared/notes/kafka-facts.md: 1.8 s from JVM launch to an open port, about 390 MB RSS).
 *
 * <ol>
 *   <li>In-process: from the {@code Broker.start()} call to the first ApiVersions answered on a new
 *       connection. Cold = the first start in a fresh JVM (each in a JVM of its own); warm = later starts
 *       in one JVM.</li>
 *   <li>As a process: from launching {@code java ... io.petrel.tools.Petrel broker} to its port answering
 *       ApiVersions, with the JVM flags of the {@code ./petrel} launcher and with the JVM's defaults.</li>
 *   <li>The RSS of that process ({@code VmRSS} in {@code /proc/<pid>/status}) just after it answered and
 *       after a second idle.</li>
 * </ol>
 *
 * <p>Beside each wall time it prints the CPU time spent until the broker answered, and the load average:
 * on a shared 2-core machine the wall times stretch with whatever else runs, the CPU times much less.
 *
 * <p>Timing here uses no Petrel class before the clock starts: the ApiVersions probe is hand-made bytes,
 * so the cold figure is not flattered by classes a client loaded first. Run it from the repository root:
 *
 * <pre>
 * mvn -q -B -ntp -pl broker-stub,tools -am install -DskipTests
 * mvn -q -B -ntp -pl benchmarks test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=$PWD/benchmarks/target/test-classpath.txt   # absolute: Maven resolves it in the module
 * java -cp benchmarks/target/test-classes:$(cat benchmarks/target/test-classpath.txt) \
 *     io.petrel.benchmarks.BrokerStartupBenchmark [--warm N] [--cold N] [--process N] [--root DIR]
 * </pre>
 *
 * <p>The broker process runs with the launcher's classpath (each module's target/classes and
 * tools/target/launcher-classpath.txt, as {@code ./petrel} builds it) when {@code --root} has one, else
 * with this JVM's classpath. Its JVM flags are read from the {@code default_java_opts=} line of
 * {@code ./petrel}, so the figure is the one {@code ./petrel broker} users get.
 */
public final class BrokerStartupBenchmark {
    static final double KAFKA_START_MS = 1800;
    static final double KAFKA_RSS_MB = 390;
    static final double TARGET_IN_PROCESS_MS = 100;
    static final double TARGET_PROCESS_MS = 1000;
    static final double TARGET_RSS_MB = KAFKA_RSS_MB / 10;

    private static final String ONE_COLD_START = "--one-cold-start";
    private static final String THREAD_CPU = "--thread-cpu";
    /** After {@code --one-cold-start} or {@code --thread-cpu}: the broker publishes no MBeans ({@code jmx(false)}). */
    private static final String NO_JMX = "--no-jmx";
    /**
     * After {@code --one-cold-start} or {@code --thread-cpu}: the JVM's logging (slf4j and its provider) is started
     * before the clock, as in a test JVM that logged before its first broker, so the figure is the broker's own.
     */
    private static final String LOGGING_STARTED = "--logging-started";
    private static final String RESULT_PREFIX = "COLD_START_NS=";
    private static final String CPU_PREFIX = "CPU_NS=";
    private static final String START_CPU_PREFIX = "STARTING_THREAD_CPU_NS=";
    private static final String NO_NETTY_JFR = "-Dio.netty.jfr.enabled=false";
    private static final long PROCESS_START_LIMIT_NS = TimeUnit.SECONDS.toNanos(60);

    private BrokerStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals(ONE_COLD_START) || args[0].equals(THREAD_CPU))) {
            List<String> options = Arrays.asList(args).subList(1, args.length);
            BrokerConfig config = BrokerConfig.builder().jmx(!options.contains(NO_JMX)).build();
            if (options.contains(LOGGING_STARTED)) {
                org.slf4j.LoggerFactory.getILoggerFactory();
            }
            if (args[0].equals(THREAD_CPU)) {
                threadCpuOfAColdStart(config);
            } else {
                java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long threadCpuBefore = threads.getCurrentThreadCpuTime();
                long[] cpuAtAnswer = new long[2];
                long ns = inProcessStart(config, () -> {
                    cpuAtAnswer[0] = threads.getCurrentThreadCpuTime();
                    cpuAtAnswer[1] = processCpuNanos();
                });
                // The starting thread's CPU from the start() call to the first answer (the broker's close after it
                // is not counted): most of the first answer's critical path, and unlike the wall time it does not
                // stretch with the machine's load.
                System.out.println(RESULT_PREFIX + ns + " " + CPU_PREFIX + cpuAtAnswer[1] + " " + START_CPU_PREFIX
                        + (cpuAtAnswer[0] - threadCpuBefore));
            }
            System.exit(0);
        }
        int warmRuns = 10;
        int coldRuns = 5;
        int processRuns = 5;
        Path root = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warm" -> warmRuns = Integer.parseInt(args[++i]);
                case "--cold" -> coldRuns = Integer.parseInt(args[++i]);
                case "--process" -> processRuns = Integer.parseInt(args[++i]);
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + "; expected --warm N, --cold N, --process N, --root DIR");
            }
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf(Locale.ROOT, "Java %s on %d cores, %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"));

        // (a) in-process
        String loadBefore = loadAverage();
        List<Double> cold = new ArrayList<>();
        List<Double> coldCpu = new ArrayList<>();
        List<Double> coldNoJfr = new ArrayList<>();
        List<Double> coldNoJfrCpu = new ArrayList<>();
        for (int i = 0; i < coldRuns; i++) {
            double[] wallAndCpu = coldStartInFreshJvm(java, List.of());
            cold.add(wallAndCpu[0]);
            coldCpu.add(wallAndCpu[1]);
            wallAndCpu = coldStartInFreshJvm(java, List.of(NO_NETTY_JFR));
            coldNoJfr.add(wallAndCpu[0]);
            coldNoJfrCpu.add(wallAndCpu[1]);
        }
        List<Double> warm = new ArrayList<>();
        double firstHere = ms(inProcessStart());
        for (int i = 0; i < warmRuns; i++) {
            warm.add(ms(inProcessStart()));
        }

        // (b), (c) as a process
        String classpath = launcherClasspath(root);
        List<String> launcherFlags = launcherFlags(root);
        ProcessFigures withLauncherFlags = processRuns(java, launcherFlags, classpath, processRuns);
        ProcessFigures withJvmDefaults = processRuns(java, List.of(), classpath, processRuns);

        String loadAfter = loadAverage();

        System.out.println();
        System.out.println("Broker start-up (medians; Apache Kafka 4.3.1 measured on this kind of machine for scale)");
        System.out.printf(Locale.ROOT, "  %-62s %9s %11s %7s%n", "", "Petrel", "Kafka", "ratio");
        row("in-process, first start in a fresh JVM (" + coldRuns + " JVMs)", median(cold), "ms", KAFKA_START_MS,
                TARGET_IN_PROCESS_MS);
        System.out.printf(Locale.ROOT, "  %-62s %6.1f ms%n", "  CPU of that JVM until answered (JVM start included)", median(coldCpu));
        row("  same, with " + NO_NETTY_JFR, median(coldNoJfr), "ms", KAFKA_START_MS, TARGET_IN_PROCESS_MS);
        System.out.printf(Locale.ROOT, "  %-62s %6.1f ms%n", "  CPU of that JVM until answered", median(coldNoJfrCpu));
        System.out.printf(Locale.ROOT, "  %-62s %6.1f ms%n", "in-process, first start in this JVM", firstHere);
        row("in-process, warm start (" + warmRuns + " starts)", median(warm), "ms", KAFKA_START_MS, TARGET_IN_PROCESS_MS);
        row("process, launch to ApiVersions, ./petrel flags (" + processRuns + " runs)",
                median(withLauncherFlags.startMs), "ms", KAFKA_START_MS, TARGET_PROCESS_MS);
        System.out.printf(Locale.ROOT, "  %-62s %6.1f ms%n", "  CPU of that process until answered", median(withLauncherFlags.cpuMs));
        row("process, launch to ApiVersions, JVM defaults (" + processRuns + " runs)",
                median(withJvmDefaults.startMs), "ms", KAFKA_START_MS, TARGET_PROCESS_MS);
        System.out.printf(Locale.ROOT, "  %-62s %6.1f ms%n", "  CPU of that process until answered", median(withJvmDefaults.cpuMs));
        row("RSS just after start, ./petrel flags", median(withLauncherFlags.rssAtStartMb), "MB", KAFKA_RSS_MB, TARGET_RSS_MB);
        row("RSS after 1 s idle, ./petrel flags", median(withLauncherFlags.rssIdleMb), "MB", KAFKA_RSS_MB, TARGET_RSS_MB);
        row("RSS after 1 s idle, JVM defaults", median(withJvmDefaults.rssIdleMb), "MB", KAFKA_RSS_MB, TARGET_RSS_MB);
        System.out.println();
        System.out.println("  ./petrel flags: " + (launcherFlags.isEmpty() ? "(none)" : String.join(" ", launcherFlags)));
        System.out.printf(Locale.ROOT, "  targets: < %.0f ms in-process, < %.0f ms as a process, RSS < %.0f MB (10%% of Kafka's)%n",
                TARGET_IN_PROCESS_MS, TARGET_PROCESS_MS, TARGET_RSS_MB);
        System.out.println("  load average before / after: " + loadBefore + " / " + loadAfter + " on "
                + Runtime.getRuntime().availableProcessors() + " cores (wall times stretch with it; CPU times less so)");
        System.out.println("  all in-process cold: " + format(cold) + " ms (CPU " + format(coldCpu) + "); without Netty's JFR events: "
                + format(coldNoJfr) + " ms (CPU " + format(coldNoJfrCpu) + "); warm: " + format(warm) + " ms");
        System.out.println("  all process (./petrel flags): " + format(withLauncherFlags.startMs) + " ms, CPU "
                + format(withLauncherFlags.cpuMs) + " ms, RSS idle " + format(withLauncherFlags.rssIdleMb) + " MB");
        System.out.println("  all process (JVM defaults):   " + format(withJvmDefaults.startMs) + " ms, CPU "
                + format(withJvmDefaults.cpuMs) + " ms, RSS idle " + format(withJvmDefaults.rssIdleMb) + " MB");
    }

    // ---- in-process ------------------------------------------------------------------------------------

    /** Nanoseconds from the Broker.start() call to an ApiVersions answered on a new connection. */
    public static long inProcessStart() throws IOException {
        return inProcessStart(BrokerConfig.builder().build());
    }

    private static long inProcessStart(BrokerConfig config) throws IOException {
        return inProcessStart(config, () -> { });
    }

    /** As {@link #inProcessStart()}, running {@code atAnswer} once the answer is in, before the broker closes. */
    private static long inProcessStart(BrokerConfig config, Runnable atAnswer) throws IOException {
        long started = System.nanoTime();
        try (Broker broker = Broker.start(config)) {
            apiVersionsRoundTrip(broker.port());
            long ns = System.nanoTime() - started;
            atAnswer.run();
            return ns;
        }
    }

    /**
     * Where a cold start's CPU went, by thread, measured once the first ApiVersions is answered and before the broker
     * closes (threads that ended by then are not listed): the starting
     * thread and the broker's event loops are the path the first answer waits on, and unlike wall times on a busy
     * machine, their CPU times stay put. Run alone: {@code BrokerStartupBenchmark --thread-cpu [--no-jmx]}.
     */
    static void threadCpuOfAColdStart(BrokerConfig config) throws IOException {
        long started = System.nanoTime();
        try (Broker broker = Broker.start(config)) {
            apiVersionsRoundTrip(broker.port());
            long wall = System.nanoTime() - started;
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            System.out.printf(Locale.ROOT, "wall %.1f ms, process CPU %.1f ms (JVM start included)%n", ms(wall),
                    ms(processCpuNanos()));
            for (java.lang.management.ThreadInfo info : threads.dumpAllThreads(false, false)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 1_000_000) {
                    System.out.printf(Locale.ROOT, "  %-40s %7.1f ms CPU%n", info.getThreadName(), ms(cpu));
                }
            }
        }
    }

    /** Wall and CPU milliseconds of one cold start, each in a JVM of its own (CPU counts the JVM's own start too). */
    public static double[] coldStartInFreshJvm(String java, List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerStartupBenchmark.class.getName(),
                ONE_COLD_START));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0) {
            throw new IllegalStateException("The cold-start JVM failed: " + out);
        }
        Matcher m = Pattern.compile(RESULT_PREFIX + "(\\d+) " + CPU_PREFIX + "(\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("The cold-start JVM printed no result: " + out);
        }
        return new double[] {ms(Long.parseLong(m.group(1))), ms(Long.parseLong(m.group(2)))};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    // ---- as a process ----------------------------------------------------------------------------------

    private record ProcessFigures(List<Double> startMs, List<Double> cpuMs, List<Double> rssAtStartMb, List<Double> rssIdleMb) {
    }

    private static ProcessFigures processRuns(String java, List<String> flags, String classpath, int runs)
            throws IOException, InterruptedException {
        ProcessFigures figures = new ProcessFigures(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < runs; i++) {
            int port = FreePorts.one();
            Path dataDir = Files.createTempDirectory("petrel-startup-bench-");
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(flags);
            command.addAll(List.of("-cp", classpath, "io.petrel.tools.Petrel", "broker", "--port", Integer.toString(port),
                    "--data-dir", dataDir.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            long launched = System.nanoTime();
            Process broker = builder.start();
            try {
                awaitApiVersions(broker, port, launched);
                figures.startMs.add(ms(System.nanoTime() - launched));
                figures.cpuMs.add(cpuMs(broker.pid()));
                figures.rssAtStartMb.add(rssMb(broker.pid()));
                Thread.sleep(1000); // the figure asked for is the RSS of a broker that has sat idle
                figures.rssIdleMb.add(rssMb(broker.pid()));
            } finally {
                broker.toHandle().destroy();
                if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                    broker.destroyForcibly().waitFor();
                }
                ScratchDirectory.deleteTree(dataDir);
            }
        }
        return figures;
    }

    /** Polls the port until it answers ApiVersions; a benchmark may poll, as it measures, not synchronises. */
    private static void awaitApiVersions(Process broker, int port, long launched) throws IOException, InterruptedException {
        while (true) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("The broker exited with status " + broker.exitValue()
                        + " before answering; run the same command by hand to see why");
            }
            if (System.nanoTime() - launched > PROCESS_START_LIMIT_NS) {
                throw new IllegalStateException("The broker did not answer within 60 s");
            }
            try {
                apiVersionsRoundTrip(port);
                return;
            } catch (ConnectException notYet) {
                Thread.sleep(1);
            }
        }
    }

    /** Sends ApiVersions v0 (header v1, empty body) and checks the answer's correlation id and error code. */
    static void apiVersionsRoundTrip(int port) throws IOException {
        byte[] clientId = "startup-bench".getBytes(StandardCharsets.US_ASCII);
        int correlationId = 0x5eed;
        int size = 2 + 2 + 4 + 2 + clientId.length;
        byte[] request = ByteBuffer.allocate(4 + size).putInt(size).putShort((short) 18).putShort((short) 0)
                .putInt(correlationId).putShort((short) clientId.length).put(clientId).array();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            int answeredId = in.readInt();
            short error = in.readShort();
            in.skipNBytes(length - 6);
            if (answeredId != correlationId || error != 0) {
                throw new IllegalStateException("ApiVersions answered correlation id " + answeredId + ", error " + error);
            }
        }
    }

    /** User + system CPU the process has used, from /proc/<pid>/stat (clock ticks of 10 ms). */
    public static double cpuMs(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        return ticks * 10.0;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                return Long.parseLong(kb) / 1024.0;
            }
        }
        throw new IllegalStateException("No VmRSS in /proc/" + pid + "/status");
    }

    /**
     * The classpath {@code ./petrel} runs the tools with: each module's classes and the tools module's
     * launcher-classpath.txt; this JVM's own when the repository has not been packaged.
     */
    static String launcherClasspath(Path root) throws IOException {
        Path dependencies = root.resolve("tools/target/launcher-classpath.txt");
        if (!Files.isRegularFile(dependencies)) {
            System.out.println("  (no " + dependencies + ": the process runs with this JVM's classpath)");
            return System.getProperty("java.class.path");
        }
        StringBuilder cp = new StringBuilder();
        for (String module : List.of("compression", "serializers", "protocol", "broker-stub", "tools")) {
            cp.append(root.resolve(module).resolve("target/classes")).append(java.io.File.pathSeparator);
        }
        return cp.append(Files.readString(dependencies).trim()).toString();
    }

    /**
     * The JVM flags {@code ./petrel broker} passes by default: its {@code default_java_opts="..."} line, then its
     * {@code broker_java_opts="..."} one.
     */
    static List<String> launcherFlags(Path root) throws IOException {
        Path script = root.resolve("petrel");
        if (!Files.isRegularFile(script)) {
            System.out.println("  (no " + script + ": the process runs with no JVM flags)");
            return List.of();
        }
        String text = Files.readString(script);
        List<String> flags = new ArrayList<>();
        for (String variable : List.of("default_java_opts", "broker_java_opts")) {
            Matcher m = Pattern.compile("(?m)^" + variable + "=\"([^\"]*)\"").matcher(text);
            if (m.find() && !m.group(1).isBlank()) {
                flags.addAll(Arrays.asList(m.group(1).trim().split("\\s+")));
            }
        }
        return flags;
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static void row(String what, double value, String unit, double kafka, double target) {
        System.out.printf(Locale.ROOT, "  %-62s %6.1f %s %8.0f %s %6.1f%%  %s%n", what, value, unit, kafka, unit,
                100 * value / kafka, value < target ? "meets target" : "MISSES target < " + (int) target + " " + unit);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
