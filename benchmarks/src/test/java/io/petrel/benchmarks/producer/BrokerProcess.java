package io.petrel.benchmarks.producer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A broker in a JVM of its own, for the producers under test to share: broker-stub (launched as
 * {@code io.petrel.tools.Petrel broker --port P --data-dir D}) or a real Apache Kafka 4.3.1 (single node,
 * KRaft combined mode, launched from the Kafka jars on this JVM's class path through {@link KafkaBrokerMain}).
 * Both listen on loopback only and get the same JVM options (by default {@code -Xmx1g}).
 *
 * <p>It is ready when an Admin client's {@code describeCluster} answers; {@link #start} can wait for another
 * first contact instead (a first acknowledged record), timed from the launch. The Admin client stays open to
 * create each run's fresh topic, count what landed in it and delete it. {@link #close} sends SIGTERM, kills after 20 s,
 * and deletes the directory; a shutdown hook does the same if the benchmark exits first.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(90);
    private static final String LOG_FILE = "broker.log";

    private final Kind kind;
    private final Path dir;
    private final Process process;
    private final int port;
    private final Thread shutdownHook;
    private final Admin admin;
    private final double startSeconds;

    private BrokerProcess(Kind kind, Path dir, Process process, int port, Thread shutdownHook, Admin admin,
                          double startSeconds) {
        this.kind = kind;
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.shutdownHook = shutdownHook;
        this.admin = admin;
        this.startSeconds = startSeconds;
    }

    /** The brokers this class can launch. */
    public enum Kind {
        STUB("broker-stub"), KAFKA("Apache Kafka 4.3.1");

        private final String displayName;

        Kind(String displayName) {
            this.displayName = displayName;
        }

        /** The name reports use: "broker-stub", "Apache Kafka 4.3.1". */
        public String displayName() {
            return displayName;
        }
    }

    /**
     * What counts as the broker having started, other than describeCluster answering: it is called right after
     * the launch and returns once the broker did what it waits for.
     */
    @FunctionalInterface
    public interface FirstContact {
        /**
         * @param bootstrapServers where the broker will listen
         * @param alive            true while the broker JVM runs: a probe must give up when it turns false
         */
        void await(String bootstrapServers, java.util.function.BooleanSupplier alive) throws Exception;
    }

    /** Launches a broker of that kind and returns once describeCluster answers. */
    public static BrokerProcess start(Kind kind, List<String> jvmOptions) throws IOException {
        return start(kind, jvmOptions, null);
    }

    /**
     * Launches a broker of that kind; {@link #startSeconds} is the time from the launch until
     * {@code firstContact} returned (or, when null, until describeCluster answered).
     */
    public static BrokerProcess start(Kind kind, List<String> jvmOptions, FirstContact firstContact) throws IOException {
        return kind == Kind.STUB ? startStub(jvmOptions, firstContact) : startKafka(jvmOptions, firstContact);
    }

    /** broker-stub as {@code java <jvmOptions> -cp <this class path> io.petrel.tools.Petrel broker ...}. */
    public static BrokerProcess startStub(List<String> jvmOptions) throws IOException {
        return startStub(jvmOptions, null);
    }

    private static BrokerProcess startStub(List<String> jvmOptions, FirstContact firstContact) throws IOException {
        Path dir = Files.createTempDirectory("petrel-bench-stub-");
        int port = freePorts(1)[0];
        List<String> cmd = javaCommand(jvmOptions);
        cmd.addAll(List.of("io.petrel.tools.Petrel", "broker", "--port", Integer.toString(port),
                "--data-dir", dir.resolve("data").toString()));
        return launch(Kind.STUB, dir, port, cmd, firstContact);
    }

    /** A real Apache Kafka broker, formatted fresh, with Kafka's defaults but for single-node settings. */
    public static BrokerProcess startKafka(List<String> jvmOptions) throws IOException {
        return startKafka(jvmOptions, null);
    }

    private static BrokerProcess startKafka(List<String> jvmOptions, FirstContact firstContact) throws IOException {
        Path dir = Files.createTempDirectory("petrel-bench-kafka-");
        int[] ports = freePorts(2);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        String listeners = "PLAINTEXT://127.0.0.1:" + ports[0] + ",CONTROLLER://127.0.0.1:" + ports[1];
        p.put("listeners", listeners);
        p.put("advertised.listeners", listeners);
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + ports[1]);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        Path config = dir.resolve("server.properties");
        Properties props = new Properties();
        props.putAll(p);
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "ProducerThroughputBenchmark");
        }
        List<String> cmd = javaCommand(jvmOptions);
        // Kafka logs through slf4j to slf4j-simple (on this class path); INFO as Kafka ships, into broker.log.
        cmd.addAll(1, List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.logFile=System.out", "-Dorg.slf4j.simpleLogger.showDateTime=true"));
        cmd.addAll(List.of(KafkaBrokerMain.class.getName(), config.toString(), Uuid.randomUuid().toString()));
        return launch(Kind.KAFKA, dir, ports[0], cmd, firstContact);
    }

    private static List<String> javaCommand(List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(ClassPathSnapshot.childClassPath());
        return cmd;
    }

    private static BrokerProcess launch(Kind kind, Path dir, int port, List<String> cmd, FirstContact firstContact)
            throws IOException {
        String name = kind.displayName();
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(LOG_FILE).toFile()).start();
        Thread hook = new Thread(() -> {
            stop(process);
            deleteTree(dir);
        }, "broker-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        Admin admin = null;
        long ready = 0;
        try {
            if (firstContact != null) {
                firstContact.await("127.0.0.1:" + port, process::isAlive);
                ready = System.nanoTime();
            }
            awaitPort(process, port, t0);
            admin = Admin.create(adminConfig(port));
            awaitDescribeCluster(process, admin, t0);
            if (firstContact == null) {
                ready = System.nanoTime();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (admin != null) {
                admin.close();
            }
            stop(process);
            Runtime.getRuntime().removeShutdownHook(hook);
            String log = tail(dir.resolve(LOG_FILE), 60);
            deleteTree(dir);
            throw new IllegalStateException(name + " did not start: " + e.getMessage() + "\n" + log, e);
        }
        return new BrokerProcess(kind, dir, process, port, hook, admin, (ready - t0) / 1e9);
    }

    private static Properties adminConfig(int port) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        config.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        return config;
    }

    public String name() {
        return kind.displayName();
    }

    public Kind kind() {
        return kind;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Seconds from launch until it answered describeCluster, or until the first contact given to {@link #start}. */
    public double startSeconds() {
        return startSeconds;
    }

    /** CPU seconds the broker JVM has used so far. */
    public double cpuSeconds() {
        return Machine.processCpuSeconds(process.toHandle());
    }

    public double rssMiB() {
        return Machine.rssMiB(process.pid());
    }

    /** The largest RSS the broker JVM has had so far ({@code VmHWM}), in MiB. */
    public double peakRssMiB() {
        return Machine.peakRssMiB(process.pid());
    }

    public Path logFile() {
        return dir.resolve(LOG_FILE);
    }

    /** Creates {@code topic} with {@code partitions} partitions (replication 1) and waits until each has a leader. */
    public void createTopic(String topic, int partitions) throws InterruptedException, ExecutionException {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                if (d.partitions().size() == partitions
                        && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + topic + " has no leader for every partition after 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** The sum of the latest offsets of {@code topic}'s partitions: how many records it holds. */
    public long recordsIn(String topic) throws InterruptedException, ExecutionException {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> request = d.partitions().stream().map(TopicPartitionInfo::partition)
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
    }

    /** Deletes {@code topic}, so that a long run of fresh topics does not fill the disk. */
    public void deleteTopic(String topic) throws InterruptedException, ExecutionException {
        admin.deleteTopics(List.of(topic)).all().get();
    }

    @Override
    public void close() {
        admin.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Shutting down: the hook runs anyway.
        }
        stop(process);
        deleteTree(dir);
    }

    // --- helpers ---

    private static void awaitPort(Process process, int port, long t0) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        while (true) {
            checkAlive(process, t0);
            try (Socket s = new Socket()) {
                s.connect(address, 500);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
    }

    private static void awaitDescribeCluster(Process process, Admin admin, long t0) {
        String last = "";
        while (true) {
            checkAlive(process, t0);
            try {
                if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                        .get(4, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted", e);
                }
                last = e.toString();
            }
            if (System.nanoTime() - t0 > START_TIMEOUT_NS) {
                throw new IllegalStateException("describeCluster did not answer within 90 s: " + last);
            }
            sleep(50);
        }
    }

    private static void checkAlive(Process process, long t0) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the broker JVM exited with status " + process.exitValue());
        }
        if (System.nanoTime() - t0 > START_TIMEOUT_NS) {
            throw new IllegalStateException("the broker did not open its port within 90 s");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** SIGTERM through the handle (Process.destroy would also close stdin, which halts Kafka at once), then SIGKILL. */
    private static void stop(Process process) {
        ProcessHandle handle = process.toHandle();
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int[] freePorts(int count) throws IOException {
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
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete " + root + ": " + e);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
