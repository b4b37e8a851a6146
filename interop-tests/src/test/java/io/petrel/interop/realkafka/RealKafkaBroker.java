package io.petrel.interop.realkafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Apache Kafka broker (single node, KRaft combined mode, loopback only) in its own JVM, started from the
 * Kafka jars on the test classpath, to check Petrel against the real thing.
 *
 * <pre>{@code
 * try (RealKafkaBroker kafka = RealKafkaBroker.start()) {
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:<port>"
 *     ...
 * }
 * }</pre>
 *
 * <p>A start costs seconds (2.5-6 s on a busy 2-core machine, from {@code start()} to ready) and a JVM of
 * 300-400 MB RSS: share one per test run through {@link RealKafkaExtension} rather than start one per test class.
 *
 * <p>How it works: {@link #start} picks free loopback ports (broker, controller and any {@link Setup#listener}),
 * writes {@code server.properties} into a new temporary directory ({@code log.dirs} inside it), and launches
 * {@code java -Xmx512m -cp <this JVM's class path> }{@link RealKafkaMain} (surefire puts the real
 * test class path in {@code java.class.path}: Kafka, Scala, slf4j-simple), which formats the directory with
 * {@code kafka.tools.StorageTool} (adding any {@link Setup#formatArguments}) and runs {@code kafka.Kafka} in that
 * one JVM. The child's stdout and stderr go to {@code broker.log} in the directory; it logs through slf4j-simple at INFO. The broker is ready when an Admin
 * client's {@code describeCluster} succeeds against it; if that does not happen within {@link #START_TIMEOUT}, or
 * the child exits first, {@code start} fails with the tail of {@code broker.log}.
 *
 * <p>{@link #close} sends SIGTERM (Kafka shuts down in order), kills the child if it has not exited after
 * {@link #STOP_TIMEOUT}, and deletes the directory. A JVM shutdown hook kills the child if the test JVM exits with
 * the broker still open; if the test JVM is killed outright, the child sees its standard input close and halts,
 * and the next {@code start} in any JVM deletes the directories left behind.
 */
public final class RealKafkaBroker implements AutoCloseable {
    /** How long {@link #start} waits for the broker to answer. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #close} lets Kafka shut down in order before it kills the process. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    /**
     * The broker JVM's options unless {@link #start(Map, List)} says otherwise. Adding {@code -XX:TieredStopAtLevel=1}
     * (C1 only) started the broker in 1.7-1.8 s instead of 2.5-4.3 s here, with ~30 MB less RSS, at the cost of
     * its steady-state speed; the default keeps the broker's JIT as Kafka ships it.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx512m");
    private static final String DIR_PREFIX = "petrel-realkafka-";
    private static final String OWNER_FILE = "owner";
    private static final String LOG_FILE = "broker.log";
    private static final String LAUNCHER_DIR = "launcher";
    private static final Pattern LISTENER_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Set<String> RESERVED_LISTENERS = Set.of("PLAINTEXT", "CONTROLLER");
    private static final Set<String> SECURITY_PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final int LOG_TAIL_LINES = 80;
    private static final int START_ATTEMPTS = 3;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final String LAUNCHER_RESOURCE = RealKafkaMain.class.getName().replace('.', '/') + ".class";
    /**
     * RealKafkaMain's class file, read once: each broker gets a copy at the head of its class path, so a build that
     * recompiles target/test-classes while tests run (a shared workspace) cannot take the main class away.
     */
    private static final byte[] LAUNCHER_CLASS = readLauncherClass();

    private final Path dir;
    private final Process process;
    private final int port;
    private final int controllerPort;
    private final Map<String, Integer> listenerPorts;
    private final String clusterId;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private boolean closed;

    private RealKafkaBroker(Path dir, Process process, int port, int controllerPort, Map<String, Integer> listenerPorts,
                            String clusterId, Duration startupTime, Thread shutdownHook) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.controllerPort = controllerPort;
        this.listenerPorts = Map.copyOf(listenerPorts);
        this.clusterId = clusterId;
        this.startupTime = startupTime;
        this.shutdownHook = shutdownHook;
    }

    /** Starts a broker with the default configuration ({@link #defaultServerProperties}). */
    public static RealKafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Starts a broker whose server.properties are the defaults overridden and extended by {@code extra}.
     * The listener keys ({@code listeners}, {@code advertised.listeners}, {@code controller.quorum.bootstrap.servers})
     * and {@code log.dirs} are the fixture's and cannot be overridden.
     */
    public static RealKafkaBroker start(Map<String, String> extra) {
        return start(extra, DEFAULT_JVM_OPTIONS);
    }

    /**
     * As {@link #start(Map)}, with {@code jvmOptions} (for instance {@code -Xmx1g}, {@code -XX:TieredStopAtLevel=1},
     * {@code -Dkey=value}) instead of {@link #DEFAULT_JVM_OPTIONS} on the broker JVM's command line.
     */
    public static RealKafkaBroker start(Map<String, String> extra, List<String> jvmOptions) {
        return setup().config(extra).jvmOptions(jvmOptions).start();
    }

    /**
     * A broker to configure beyond {@link #start(Map, List)}: more listeners (a secured broker's SSL, SASL_SSL,
     * SASL_PLAINTEXT ones) and arguments for the storage format step (SCRAM credentials).
     *
     * <pre>{@code
     * RealKafkaBroker kafka = RealKafkaBroker.setup()
     *         .listener("SASL_SSL", "SASL_SSL")
     *         .config("sasl.enabled.mechanisms", "SCRAM-SHA-256")
     *         .formatArguments("--add-scram", "SCRAM-SHA-256=[name=alice,password=alice-secret]")
     *         .start();
     * String bootstrap = kafka.bootstrapServers("SASL_SSL");
     * }</pre>
     */
    public static Setup setup() {
        return new Setup();
    }

    private static RealKafkaBroker start(Setup setup) {
        warnIfNoLogBinding();
        deleteAbandonedDirectories();
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(setup);
            } catch (PortTakenException e) {
                // Another process took a port between our probe and Kafka's bind: try again with fresh ports.
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    /**
     * The server.properties a broker starts with before {@code extra} is applied: single node, combined mode,
     * replication factors and min ISRs of 1, one partition per new topic and per internal topic (faster starts),
     * no initial rebalance delay, topics created on first use.
     */
    public static Map<String, String> defaultServerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** {@code 127.0.0.1:<port>} of the listener named {@code listenerName} in {@link Setup#listener}. */
    public String bootstrapServers(String listenerName) {
        return "127.0.0.1:" + port(listenerName);
    }

    /** The port of the listener named {@code listenerName} in {@link Setup#listener}. */
    public int port(String listenerName) {
        Integer listenerPort = listenerPorts.get(listenerName);
        if (listenerPort == null) {
            throw new IllegalArgumentException("No listener named " + listenerName + ": this broker has "
                    + listenerPorts.keySet() + " besides PLAINTEXT and CONTROLLER");
        }
        return listenerPort;
    }

    /** The PLAINTEXT (client) listener's port. */
    public int port() {
        return port;
    }

    /** The CONTROLLER listener's port. */
    public int controllerPort() {
        return controllerPort;
    }

    public String clusterId() {
        return clusterId;
    }

    /** The broker JVM's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the broker JVM is running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The broker JVM, for tests of this fixture. */
    Process process() {
        return process;
    }

    /** From the call to {@link #start} until the broker answered {@code describeCluster}. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The temporary directory holding server.properties, the data directory and the log; deleted on close. */
    public Path directory() {
        return dir;
    }

    /** The broker JVM's stdout and stderr. */
    public Path logFile() {
        return dir.resolve(LOG_FILE);
    }

    /** The last {@code lines} lines of the broker's log. */
    public String logTail(int lines) {
        return tail(logFile(), lines);
    }

    /** The broker JVM's resident set size in KiB (VmRSS in /proc), or empty where that cannot be read. */
    public Optional<Long> residentSetKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or the process is gone.
        }
        return Optional.empty();
    }

    /**
     * Stops the broker: SIGTERM, then SIGKILL if it has not exited within {@link #STOP_TIMEOUT}; deletes the
     * temporary directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down; the hook will run (and do no harm).
        }
        stop(process, STOP_TIMEOUT);
        deleteTree(dir);
    }

    @Override
    public String toString() {
        return "RealKafkaBroker[" + bootstrapServers() + ", pid " + pid() + ", " + dir + "]";
    }

    // --- Starting ---

    /** The broker JVM logs through slf4j 2 to slf4j-simple; without it, broker.log would show only stack traces. */
    private static void warnIfNoLogBinding() {
        try {
            Class.forName("org.slf4j.simple.SimpleServiceProvider", false, RealKafkaBroker.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            System.err.println("RealKafkaBroker: slf4j-simple is not on the test class path: the broker's log will "
                    + "show nothing but uncaught exceptions. Add org.slf4j:slf4j-simple (test scope).");
        }
    }

    private static RealKafkaBroker startOnce(Setup setup) {
        long t0 = System.nanoTime();
        long deadline = t0 + START_TIMEOUT.toNanos();
        int[] ports = freePorts(2 + setup.listeners.size());
        int port = ports[0];
        int controllerPort = ports[1];
        Map<String, Integer> listenerPorts = new LinkedHashMap<>();
        int next = 2;
        for (String name : setup.listeners.keySet()) {
            listenerPorts.put(name, ports[next++]);
        }
        String clusterId = Uuid.randomUuid().toString();
        Path dir;
        try {
            dir = Files.createTempDirectory(DIR_PREFIX);
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(dir.resolve(OWNER_FILE), self.pid() + " "
                    + self.info().startInstant().map(Instant::toString).orElse("?") + "\n");
            writeServerProperties(dir.resolve("server.properties"),
                    serverProperties(dir.resolve("data"), port, controllerPort, listenerPorts, setup));
            // In a file, not on the command line: SCRAM passwords must not show in the process list.
            Files.write(dir.resolve(RealKafkaMain.FORMAT_ARGUMENTS), setup.formatArguments);
            Path launcher = dir.resolve(LAUNCHER_DIR).resolve(LAUNCHER_RESOURCE);
            Files.createDirectories(launcher.getParent());
            Files.write(launcher, LAUNCHER_CLASS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the broker's directory", e);
        }

        Process process;
        try {
            process = new ProcessBuilder(command(dir.resolve("server.properties"), clusterId, setup.jvmOptions))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(LOG_FILE).toFile())
                    .start();
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException("Cannot launch the broker JVM", e);
        }
        Thread hook = new Thread(() -> {
            stop(process, Duration.ofSeconds(5));
            deleteTree(dir);
        }, "realkafka-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            awaitReady(process, port, deadline);
        } catch (RuntimeException | Error e) {
            String log = tail(dir.resolve(LOG_FILE), LOG_TAIL_LINES);
            stop(process, Duration.ofSeconds(5));
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // Shutting down already.
            }
            deleteTree(dir);
            if (log.contains("BindException") || log.contains("Address already in use")) {
                throw new PortTakenException("One of the ports " + Arrays.toString(ports) + " was taken:\n" + log);
            }
            throw new IllegalStateException("The Kafka broker did not start: " + e.getMessage()
                    + ". The last lines of its log:\n" + log, e);
        }
        return new RealKafkaBroker(dir, process, port, controllerPort, listenerPorts, clusterId,
                Duration.ofNanos(System.nanoTime() - t0), hook);
    }

    private static Map<String, String> serverProperties(Path dataDir, int port, int controllerPort,
                                                        Map<String, Integer> listenerPorts, Setup setup) {
        Map<String, String> p = defaultServerProperties();
        p.putAll(setup.config);
        StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        StringBuilder protocols = new StringBuilder("CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        listenerPorts.forEach((name, listenerPort) -> {
            listeners.append(',').append(name).append("://127.0.0.1:").append(listenerPort);
            protocols.append(',').append(name).append(':').append(setup.listeners.get(name));
        });
        p.put("listeners", listeners.toString());
        p.put("advertised.listeners", listeners.toString());
        if (!setup.listeners.isEmpty()) {
            p.put("listener.security.protocol.map", protocols.toString());
        }
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        return p;
    }

    private static void writeServerProperties(Path file, Map<String, String> values) throws IOException {
        Properties props = new Properties();
        props.putAll(values);
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "Written by " + RealKafkaBroker.class.getName());
        }
    }

    private static List<String> command(Path serverProperties, String clusterId, List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The broker logs through slf4j to slf4j-simple, whichever simplelogger.properties the test classpath has;
        // system properties win over that file. INFO shows the startup, the config and any error.
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        cmd.add("-Dorg.slf4j.simpleLogger.showThreadName=true");
        cmd.add("-Dorg.slf4j.simpleLogger.logFile=System.out");
        cmd.addAll(jvmOptions); // After ours, so that they win.
        cmd.add("-cp");
        cmd.add(serverProperties.resolveSibling(LAUNCHER_DIR).toAbsolutePath() + File.pathSeparator
                + System.getProperty("java.class.path"));
        cmd.add(RealKafkaMain.class.getName());
        cmd.add(serverProperties.toAbsolutePath().toString());
        cmd.add(clusterId);
        return cmd;
    }

    /** Waits until the port accepts connections and then until Admin's describeCluster returns our node. */
    private static void awaitReady(Process process, int port, long deadline) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        while (!accepts(address)) {
            checkAlive(process);
            checkDeadline(deadline, "the broker port " + port + " did not open");
            LockSupport.parkNanos(POLL_NANOS);
        }
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        config.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        String lastError = "";
        try (Admin admin = Admin.create(config)) {
            while (true) {
                checkAlive(process);
                checkDeadline(deadline, "describeCluster did not succeed" + lastError);
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get(2500, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                    lastError = ": no nodes";
                } catch (ExecutionException | TimeoutException e) {
                    lastError = ": " + (e.getCause() != null ? e.getCause() : e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the broker", e);
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }

    private static byte[] readLauncherClass() {
        try (InputStream in = RealKafkaBroker.class.getClassLoader().getResourceAsStream(LAUNCHER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("No " + LAUNCHER_RESOURCE + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + LAUNCHER_RESOURCE, e);
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkAlive(Process process) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the broker JVM exited with status " + process.exitValue());
        }
    }

    private static void checkDeadline(long deadline, String what) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException(what + " within " + START_TIMEOUT.toSeconds() + " s");
        }
    }

    /** {@code count} distinct ports free on the loopback address right now (held open together while chosen). */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket();
                sockets.add(s);
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find free ports", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Closing a probe socket.
                }
            }
        }
    }

    // --- Stopping and cleaning up ---

    /** SIGTERM, wait up to {@code grace}, then SIGKILL and wait for the exit. Does not close the child's stdin. */
    private static void stop(Process process, Duration grace) {
        // ProcessHandle.destroy, not Process.destroy: the latter also closes the child's stdin, which RealKafkaMain
        // takes as "the test JVM is gone" and halts at once instead of shutting down in order.
        ProcessHandle handle = process.toHandle();
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                handle.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes directories a test JVM that was killed left behind (its owner file names a process that is gone). */
    private static void deleteAbandonedDirectories() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX))
                    .filter(RealKafkaBroker::abandoned)
                    .forEach(RealKafkaBroker::deleteTree);
        } catch (IOException | UncheckedIOException e) {
            // Best effort.
        }
    }

    private static boolean abandoned(Path dir) {
        String[] owner;
        try {
            owner = Files.readString(dir.resolve(OWNER_FILE)).trim().split(" ");
        } catch (IOException e) {
            return false; // Not ours, or being created right now.
        }
        try {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0]));
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            // Alive: the same process only if it started at the same instant (pids are reused).
            Optional<String> started = process.get().info().startInstant().map(Instant::toString);
            return owner.length > 1 && started.isPresent() && !started.get().equals(owner[1]);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Gone already.
        } catch (IOException e) {
            System.err.println("RealKafkaBroker: could not delete " + root + ": " + e);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            // Lenient decoding: a log cut mid-character must still show.
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * What a broker starts with beyond the defaults: configuration, JVM options, more listeners, storage format
     * arguments. Made by {@link #setup()}; {@link #start()} launches the broker.
     */
    public static final class Setup {
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Map<String, String> listeners = new LinkedHashMap<>();
        private final List<String> formatArguments = new ArrayList<>();
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;

        private Setup() {
        }

        /**
         * server.properties entries over the {@link #defaultServerProperties defaults}. The listener keys
         * ({@code listeners}, {@code advertised.listeners}, {@code controller.quorum.bootstrap.servers}, and
         * {@code listener.security.protocol.map} once a {@link #listener} is added) and {@code log.dirs} are the
         * fixture's and cannot be set.
         */
        public Setup config(Map<String, String> entries) {
            entries.forEach(this::config);
            return this;
        }

        /** One server.properties entry; see {@link #config(Map)}. */
        public Setup config(String key, String value) {
            config.put(key, value);
            return this;
        }

        /** The broker JVM's options instead of {@link #DEFAULT_JVM_OPTIONS}. */
        public Setup jvmOptions(List<String> options) {
            jvmOptions = List.copyOf(options);
            return this;
        }

        /**
         * One more listener on a free loopback port, beside PLAINTEXT (clients and inter-broker) and CONTROLLER:
         * {@code name} as Kafka's {@code listener.name.<name lower case>.*} keys will know it, {@code securityProtocol}
         * one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL. {@link #port(String)} tells its port once started.
         */
        public Setup listener(String name, String securityProtocol) {
            if (!LISTENER_NAME.matcher(name).matches() || RESERVED_LISTENERS.contains(name)) {
                throw new IllegalArgumentException("Listener name " + name + ": expected upper case letters, digits "
                        + "and _, other than " + RESERVED_LISTENERS);
            }
            if (!SECURITY_PROTOCOLS.contains(securityProtocol)) {
                throw new IllegalArgumentException("Security protocol " + securityProtocol + " of listener " + name
                        + ": expected one of " + SECURITY_PROTOCOLS);
            }
            if (listeners.putIfAbsent(name, securityProtocol) != null) {
                throw new IllegalArgumentException("Listener " + name + " is declared twice");
            }
            return this;
        }

        /**
         * Arguments added to {@code StorageTool format} when the data directory is formatted, for instance
         * {@code "--add-scram", "SCRAM-SHA-256=[name=alice,password=alice-secret]"}. They reach the broker JVM
         * through a file in its directory, never its command line.
         */
        public Setup formatArguments(String... arguments) {
            formatArguments.addAll(List.of(arguments));
            return this;
        }

        /** Launches the broker; see {@link RealKafkaBroker#start(Map, List)}. */
        public RealKafkaBroker start() {
            return RealKafkaBroker.start(this);
        }
    }

    /** The broker could not bind a port chosen for it. */
    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
