package io.petrel.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller, loopback only) in a JVM of its own, started
 * from the Kafka jars on the caller's test class path (kafka_2.13 in test scope), to check Petrel against the
 * real thing.
 *
 * <pre>{@code
 * try (RealKafkaBroker kafka = RealKafkaBroker.start()) {
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:<port>"
 * }
 * try (RealKafkaBroker kafka = RealKafkaBroker.builder()
 *         .listener("SASL_SSL", "SASL_SSL")           // another listener, on a port of its own
 *         .property("sasl.enabled.mechanisms", "PLAIN")
 *         .formatArguments(List.of("--add-scram", "SCRAM-SHA-256=[name=alice,password=alice-secret]"))
 *         .start()) {
 *     String secured = kafka.bootstrapServers("SASL_SSL");
 * }
 * }</pre>
 *
 * <p>The broker is described by data: a server.properties map ({@link #defaultServerProperties} overridden by the
 * builder's properties) and a list of {@link KafkaListener}s. It always has the {@code PLAINTEXT} listener (the
 * inter-broker one, and where {@link #bootstrapServers()} points) and a {@code CONTROLLER} listener; the builder
 * adds others, each with its name, security protocol and port. The launcher writes {@code listeners},
 * {@code advertised.listeners}, {@code listener.security.protocol.map} and {@code log.dirs} from those and will not
 * let a property override them. A node of a static quorum (a property {@code controller.quorum.voters}, fixed
 * ports) is formatted without {@code --standalone}, so several brokers launched with {@link Builder#launch} make
 * one cluster.
 *
 * <p>How it works: {@link Builder#launch} picks free loopback ports for the listeners without one, writes
 * {@code server.properties} and StorageTool's format arguments into a new temporary directory ({@code data/} in
 * it is {@code log.dirs}), and starts a {@link ChildJvm} running {@link RealKafkaMain}, which formats the data
 * directory and runs {@code kafka.Kafka}; its output goes to {@code broker.log} in the directory (slf4j-simple at
 * INFO). The broker is ready when a Metadata request on its PLAINTEXT listener lists a broker (it has registered
 * and been unfenced). {@link #start()} does both, retries with fresh ports when one was taken meanwhile, and fails
 * with the tail of the log if the child exits first or {@link Builder#startTimeout} passes.
 *
 * <p>A start costs seconds (2.5-6 s on a busy 2-core machine) and a JVM of 300-400 MB RSS: share one broker per
 * test run where tests can. {@link #stop} and {@link #kill} end the JVM and keep the directory, so
 * {@link #restart} brings the same broker back on the same ports and data; {@link #close} stops it and deletes the
 * directory. If the test JVM exits with the broker running a shutdown hook stops it; if the test JVM is killed the
 * broker sees its standard input close and halts, and the next launch in any JVM deletes the directory left behind.
 */
public final class RealKafkaBroker implements AutoCloseable {
    /** How long {@link #start()} waits for the broker to answer, unless the builder says otherwise. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #stop} and {@link #close} let Kafka shut down in order before it kills the process. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The broker JVM's options unless the builder says otherwise. Adding {@code -XX:TieredStopAtLevel=1} (C1 only)
     * started the broker in 1.7-1.8 s instead of 2.5-4.3 s here, with ~30 MB less RSS, at the cost of its
     * steady-state speed; the default keeps the broker's JIT as Kafka ships it.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx512m");
    /** The listener every broker has: PLAINTEXT, inter-broker, probed for readiness. */
    public static final String PLAINTEXT = "PLAINTEXT";
    /** The controller listener every broker has (PLAINTEXT). */
    public static final String CONTROLLER = "CONTROLLER";

    private static final Logger LOG = LoggerFactory.getLogger(RealKafkaBroker.class);
    private static final String DIR_PREFIX = "petrel-realkafka-";
    private static final String CONFIG_FILE = "server.properties";
    private static final String FORMAT_ARGS_FILE = "format.args";
    private static final String LOG_FILE = "broker.log";
    private static final int LOG_TAIL_LINES = 80;
    private static final int START_ATTEMPTS = 3;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** Settings the launcher derives from the listeners and the directory. */
    private static final Set<String> LAUNCHER_KEYS = Set.of("listeners", "advertised.listeners",
            "listener.security.protocol.map", "log.dirs", "controller.quorum.bootstrap.servers");
    /** The JVM options that send Kafka's slf4j logging to slf4j-simple's stdout at INFO (startup, config, errors). */
    private static final List<String> LOG_OPTIONS = List.of(
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            "-Dorg.slf4j.simpleLogger.showThreadName=true",
            "-Dorg.slf4j.simpleLogger.logFile=System.out");

    private final Path dir;
    private final List<KafkaListener> listeners;
    private final Map<String, String> serverProperties;
    private final String clusterId;
    private final List<String> jvmOptions;
    private final Duration startTimeout;
    private ChildJvm jvm;
    private Duration startupTime = Duration.ZERO;
    private boolean closed;

    private RealKafkaBroker(Path dir, List<KafkaListener> listeners, Map<String, String> serverProperties,
                            String clusterId, List<String> jvmOptions, Duration startTimeout) {
        this.dir = dir;
        this.listeners = listeners;
        this.serverProperties = serverProperties;
        this.clusterId = clusterId;
        this.jvmOptions = jvmOptions;
        this.startTimeout = startTimeout;
    }

    /** Starts a broker with the default configuration ({@link #defaultServerProperties}). */
    public static RealKafkaBroker start() {
        return builder().start();
    }

    /** Starts a broker whose server.properties are the defaults overridden and extended by {@code properties}. */
    public static RealKafkaBroker start(Map<String, String> properties) {
        return builder().properties(properties).start();
    }

    /** A builder for a broker with more listeners, other properties, JVM options or format arguments. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The server.properties a broker starts with before the builder's properties apply: single node, combined mode,
     * replication factors and min ISRs of 1, one partition per new topic and per internal topic (faster starts),
     * no initial rebalance delay, topics created on first use.
     */
    public static Map<String, String> defaultServerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("inter.broker.listener.name", PLAINTEXT);
        p.put("controller.listener.names", CONTROLLER);
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

    /** {@code 127.0.0.1:<port>} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers(PLAINTEXT);
    }

    /** {@code 127.0.0.1:<port>} of the listener named {@code listenerName}. */
    public String bootstrapServers(String listenerName) {
        return listener(listenerName).address();
    }

    /** The PLAINTEXT listener's port. */
    public int port() {
        return port(PLAINTEXT);
    }

    /** The port of the listener named {@code listenerName}. */
    public int port(String listenerName) {
        return listener(listenerName).port();
    }

    /** The CONTROLLER listener's port. */
    public int controllerPort() {
        return port(CONTROLLER);
    }

    /** Every listener, PLAINTEXT first, CONTROLLER last. */
    public List<KafkaListener> listeners() {
        return listeners;
    }

    /** The listener named {@code listenerName}. */
    public KafkaListener listener(String listenerName) {
        return listeners.stream().filter(l -> l.name().equals(listenerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No listener " + listenerName + "; the broker has "
                        + listeners.stream().map(KafkaListener::name).toList()));
    }

    /** The server.properties the broker runs with. */
    public Map<String, String> serverProperties() {
        return serverProperties;
    }

    public String clusterId() {
        return clusterId;
    }

    /** The broker JVM's process id (of the latest launch). */
    public synchronized long pid() {
        return jvm.pid();
    }

    /** Whether the broker JVM is running. */
    public synchronized boolean isAlive() {
        return jvm.isAlive();
    }

    /** The broker JVM (of the latest launch), for tests of this launcher. */
    public synchronized Process process() {
        return jvm.process();
    }

    /** {@link System#nanoTime} just before the latest launch of the broker JVM. */
    public synchronized long launchedAtNanos() {
        return jvm.launchedAtNanos();
    }

    /** From the latest launch of the broker JVM until it was ready; zero until {@link #awaitReady} returned. */
    public synchronized Duration startupTime() {
        return startupTime;
    }

    /** The temporary directory holding server.properties, the data directory and the log; deleted on close. */
    public Path directory() {
        return dir;
    }

    /** The broker's {@code log.dirs}. */
    public Path dataDirectory() {
        return dir.resolve("data");
    }

    /** The broker JVM's stdout and stderr (of the latest launch). */
    public Path logFile() {
        return dir.resolve(LOG_FILE);
    }

    /** The last {@code lines} lines of the broker's log. */
    public synchronized String logTail(int lines) {
        return jvm.logTail(lines);
    }

    /** The broker JVM's resident set size in KiB (VmRSS in /proc), or empty where that cannot be read. */
    public synchronized Optional<Long> residentSetKiB() {
        return jvm.residentSetKiB();
    }

    /**
     * Waits until the broker is ready (its metadata lists a broker), at most the start timeout from its launch.
     *
     * @throws IllegalStateException if the broker JVM exits first or the time runs out, with the tail of its log
     */
    public void awaitReady() {
        ChildJvm launched;
        synchronized (this) {
            launched = jvm;
        }
        long deadline = launched.launchedAtNanos() + startTimeout.toNanos();
        InetSocketAddress probed = new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
        String lastAnswer = "no answer yet";
        while (true) {
            if (!launched.isAlive()) {
                throw notStarted("the broker JVM exited with status " + launched.exitValue().orElse(-1), launched);
            }
            try {
                int brokers = KafkaMetadataProbe.brokerCount(probed, PROBE_TIMEOUT);
                if (brokers > 0) {
                    break;
                }
                lastAnswer = "its metadata lists no broker yet";
            } catch (IOException e) {
                lastAnswer = e.toString();
            }
            if (System.nanoTime() - deadline > 0) {
                throw notStarted("not ready within " + startTimeout.toSeconds() + " s of its launch (" + lastAnswer
                        + ")", launched);
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the Kafka broker " + this);
            }
        }
        synchronized (this) {
            startupTime = Duration.ofNanos(System.nanoTime() - launched.launchedAtNanos());
        }
    }

    /** SIGTERM, then SIGKILL if Kafka has not exited within {@link #STOP_TIMEOUT}; keeps the directory. */
    public synchronized void stop() {
        jvm.stop(STOP_TIMEOUT);
    }

    /** SIGKILL, as a crash: Kafka gets no chance to flush or close; keeps the directory. */
    public synchronized void kill() {
        jvm.kill();
    }

    /** Launches the stopped or killed broker again on its directory, data and ports, and waits until it is ready. */
    public void restart() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("Closed: " + this);
            }
            if (jvm.isAlive()) {
                throw new IllegalStateException("Still running; stop or kill it before a restart: " + this);
            }
            launchJvm();
        }
        awaitReady();
    }

    /** Stops the broker as {@link #stop} does and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        jvm.stop(STOP_TIMEOUT);
        ScratchDirectory.deleteTree(dir);
    }

    @Override
    public synchronized String toString() {
        return "RealKafkaBroker[" + listeners.stream().map(KafkaListener::uri).collect(Collectors.joining(","))
                + ", pid " + jvm.pid() + ", " + dir + "]";
    }

    private void launchJvm() {
        List<String> options = new ArrayList<>(LOG_OPTIONS);
        options.addAll(jvmOptions); // After ours, so that they win.
        jvm = ChildJvm.launch(dir, logFile(), options, RealKafkaMain.class.getName(),
                List.of(dir.resolve(CONFIG_FILE).toString(), dir.resolve(FORMAT_ARGS_FILE).toString()),
                () -> ScratchDirectory.deleteTree(dir));
    }

    private IllegalStateException notStarted(String why, ChildJvm launched) {
        return new IllegalStateException("The Kafka broker did not start: " + why + ". The last lines of its log "
                + launched.logFile() + ":\n" + launched.logTail(LOG_TAIL_LINES));
    }

    /** The broker's description, from which {@link #launch} and {@link #start} make brokers. */
    public static final class Builder {
        private final Map<String, String> properties = defaultServerProperties();
        private final List<KafkaListener> extraListeners = new ArrayList<>();
        private final List<String> formatArguments = new ArrayList<>();
        private int port;
        private int controllerPort;
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private Duration startTimeout = START_TIMEOUT;
        private String clusterId;
        private final Map<String, Integer> advertisedPorts = new LinkedHashMap<>();

        private Builder() {
        }

        /** The cluster id to format with, as the nodes of one cluster share it (default: a random one per launch). */
        public Builder clusterId(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("A cluster id must not be blank, was " + id);
            }
            this.clusterId = id;
            return this;
        }

        /**
         * Sets one server.properties entry, over the default. The keys the launcher derives from the listeners and
         * the directory ({@code listeners}, {@code advertised.listeners}, {@code listener.security.protocol.map},
         * {@code log.dirs}, {@code controller.quorum.bootstrap.servers}) are refused: use {@link #listener}.
         */
        public Builder property(String key, String value) {
            if (LAUNCHER_KEYS.contains(key)) {
                throw new IllegalArgumentException(key + " is derived from the listeners and the directory by "
                        + "RealKafkaBroker and cannot be set; add listeners with Builder.listener instead");
            }
            properties.put(key, value);
            return this;
        }

        /** {@link #property} for each entry. */
        public Builder properties(Map<String, String> entries) {
            entries.forEach(this::property);
            return this;
        }

        /** Adds a listener on a free port chosen at launch. */
        public Builder listener(String name, String securityProtocol) {
            return listener(name, securityProtocol, 0);
        }

        /** Adds a listener on {@code port} (0: a free port chosen at launch). */
        public Builder listener(String name, String securityProtocol, int port) {
            KafkaListener listener = new KafkaListener(name, securityProtocol, port);
            if (name.equals(PLAINTEXT) || name.equals(CONTROLLER)
                    || extraListeners.stream().anyMatch(l -> l.name().equals(name))) {
                throw new IllegalArgumentException("The broker has a listener " + name + " already");
            }
            extraListeners.add(listener);
            return this;
        }

        /**
         * Advertises the listener named {@code listenerName} to clients on {@code port} of 127.0.0.1 instead of
         * its own: clients that bootstrap there are sent, by every broker's metadata, to that port, where a proxy
         * in front of the broker (test-support's {@code FaultProxy}) can stand. Not for the inter-broker
         * PLAINTEXT listener or the CONTROLLER one, whose traffic should reach the brokers directly.
         */
        public Builder advertisedPort(String listenerName, int port) {
            if (listenerName.equals(PLAINTEXT) || listenerName.equals(CONTROLLER)) {
                throw new IllegalArgumentException("The " + listenerName + " listener carries the brokers' own "
                        + "traffic and is advertised as it listens; add a client listener and advertise that one");
            }
            advertisedPorts.put(listenerName, new KafkaListener(listenerName, "PLAINTEXT", port).port());
            return this;
        }

        /** The PLAINTEXT listener's port (default 0: a free port chosen at launch). */
        public Builder port(int plaintextPort) {
            this.port = new KafkaListener(PLAINTEXT, "PLAINTEXT", plaintextPort).port();
            return this;
        }

        /** The CONTROLLER listener's port, as a static quorum needs it known in advance (default 0: chosen at launch). */
        public Builder controllerPort(int port) {
            this.controllerPort = new KafkaListener(CONTROLLER, "PLAINTEXT", port).port();
            return this;
        }

        /** The broker JVM's options instead of {@link #DEFAULT_JVM_OPTIONS}, for instance {@code -Xmx1g}. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /**
         * Arguments appended to StorageTool's {@code format} (after {@code --config}, {@code --cluster-id} and,
         * for a single node, {@code --standalone}), for instance {@code --add-scram} and its value.
         */
        public Builder formatArguments(List<String> arguments) {
            formatArguments.addAll(arguments);
            return this;
        }

        /** How long after a launch the broker may take to be ready (default {@link #START_TIMEOUT}). */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("The start timeout must be positive, was " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Launches the broker and waits until it is ready. If a port picked for it was taken before Kafka bound it,
         * tries again with fresh ports (up to three launches).
         *
         * @throws IllegalStateException if it does not start, with the tail of its log
         */
        public RealKafkaBroker start() {
            IllegalStateException failure = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                RealKafkaBroker broker = launch();
                try {
                    broker.awaitReady();
                    return broker;
                } catch (IllegalStateException e) {
                    String log = broker.logTail(LOG_TAIL_LINES);
                    broker.close();
                    boolean portTaken = log.contains("BindException") || log.contains("Address already in use");
                    if (!portTaken || !picksPorts()) {
                        throw failure == null ? e : withEarlier(e, failure);
                    }
                    LOG.info("A port of {} was taken before Kafka bound it; launching again on fresh ports", broker);
                    failure = failure == null ? e : withEarlier(e, failure);
                }
            }
            throw failure;
        }

        /**
         * Launches the broker and returns at once, before it is ready: call {@link RealKafkaBroker#awaitReady}
         * (for several nodes of one quorum, after launching them all). Close it in any case.
         */
        public RealKafkaBroker launch() {
            warnIfNoLogBinding();
            ScratchDirectory.deleteAbandoned(DIR_PREFIX);
            List<KafkaListener> listeners = listenersOnPorts();
            advertisedPorts.keySet().forEach(name -> listeners.stream().filter(l -> l.name().equals(name))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("advertisedPort names listener "
                            + name + ", which the broker does not have; add it with Builder.listener")));
            Map<String, String> config = new LinkedHashMap<>(properties);
            Path dir = ScratchDirectory.create(DIR_PREFIX);
            String listenerUris = listeners.stream().map(KafkaListener::uri).collect(Collectors.joining(","));
            config.put("listeners", listenerUris);
            config.put("advertised.listeners", listeners.stream().filter(l -> !l.name().equals(CONTROLLER))
                    .map(l -> l.withPort(advertisedPorts.getOrDefault(l.name(), l.port())).uri())
                    .collect(Collectors.joining(",")));
            config.put("listener.security.protocol.map", listeners.stream().map(KafkaListener::protocolMapEntry)
                    .collect(Collectors.joining(",")));
            boolean staticQuorum = config.containsKey("controller.quorum.voters");
            if (!staticQuorum) {
                config.put("controller.quorum.bootstrap.servers", listeners.get(listeners.size() - 1).address());
            }
            config.put("log.dirs", dir.resolve("data").toAbsolutePath().toString());
            String clusterId = this.clusterId != null ? this.clusterId : randomClusterId();
            List<String> format = new ArrayList<>(List.of("--cluster-id", clusterId));
            if (!staticQuorum) {
                format.add("--standalone");
            }
            format.addAll(formatArguments);
            try {
                writeProperties(dir.resolve(CONFIG_FILE), config);
                Files.write(dir.resolve(FORMAT_ARGS_FILE), format);
            } catch (IOException e) {
                ScratchDirectory.deleteTree(dir);
                throw new UncheckedIOException("Cannot write the broker's configuration into " + dir, e);
            }
            RealKafkaBroker broker = new RealKafkaBroker(dir, listeners, Map.copyOf(config), clusterId, jvmOptions,
                    startTimeout);
            synchronized (broker) {
                broker.launchJvm();
            }
            return broker;
        }

        private boolean picksPorts() {
            return port == 0 || controllerPort == 0 || extraListeners.stream().anyMatch(l -> l.port() == 0);
        }

        /** PLAINTEXT, the extra listeners, CONTROLLER, each on its fixed port or a free one. */
        private List<KafkaListener> listenersOnPorts() {
            List<KafkaListener> all = new ArrayList<>();
            all.add(new KafkaListener(PLAINTEXT, "PLAINTEXT", port));
            all.addAll(extraListeners);
            all.add(new KafkaListener(CONTROLLER, "PLAINTEXT", controllerPort));
            int unset = (int) all.stream().filter(l -> l.port() == 0).count();
            if (unset == 0) {
                return List.copyOf(all);
            }
            int[] free = FreePorts.take(unset);
            int next = 0;
            List<KafkaListener> placed = new ArrayList<>();
            for (KafkaListener l : all) {
                placed.add(l.port() == 0 ? l.withPort(free[next++]) : l);
            }
            return List.copyOf(placed);
        }
    }

    private static IllegalStateException withEarlier(IllegalStateException latest, IllegalStateException earlier) {
        latest.addSuppressed(earlier);
        return latest;
    }

    /**
     * A random Kafka cluster id: a random UUID's 16 bytes in URL-safe base64 without padding, as StorageTool's
     * {@code random-uuid} makes them, and never starting with '-' (a command line would take it for a flag).
     */
    static String randomClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static void writeProperties(Path file, Map<String, String> values) throws IOException {
        Properties props = new Properties();
        props.putAll(values);
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "Written by " + RealKafkaBroker.class.getName());
        }
    }

    /** The broker JVM logs through slf4j 2 to slf4j-simple; without it, broker.log would show only stack traces. */
    private static void warnIfNoLogBinding() {
        try {
            Class.forName("org.slf4j.simple.SimpleServiceProvider", false, RealKafkaBroker.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            LOG.warn("slf4j-simple is not on the test class path: the Kafka broker's log will show nothing but "
                    + "uncaught exceptions. Add org.slf4j:slf4j-simple (test scope).");
        }
    }
}
