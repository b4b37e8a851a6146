package io.petrel.benchmarks.producer;

import io.petrel.broker.tls.KeyStoreFiles;
import io.petrel.broker.tls.StoreType;
import io.petrel.testsupport.ChildJvm;
import io.petrel.testsupport.FreePorts;
import io.petrel.testsupport.RealKafkaBroker;
import io.petrel.testsupport.ScratchDirectory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * A broker in a JVM of its own, for the clients under test to share: broker-stub (test-support's {@link ChildJvm}
 * running {@code io.petrel.tools.Petrel broker --port P --data-dir D}) or a real Apache Kafka 4.3.1 (test-support's
 * {@link RealKafkaBroker}: single node, KRaft combined mode, from the Kafka jars on this JVM's class path). Both
 * listen on loopback only and get the same JVM options (by default {@code -Xmx1g}).
 *
 * <p>It is ready when an Admin client's {@code describeCluster} answers; {@link #start} can wait for another
 * first contact instead (a first acknowledged record), timed from the launch. The Admin client stays open to
 * create each run's fresh topic, count what landed in it and delete it. {@link #close} sends SIGTERM, kills after
 * 20 s, and deletes the directory; a shutdown hook does the same if the benchmark exits first.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 60;
    private static final String TLS_LISTENER = "TLS";

    private final Kind kind;
    private final Process process;
    private final String bootstrapServers;
    private final String tlsBootstrapServers;
    private final Path logFile;
    private final Runnable stop;
    private final Admin admin;
    private final double startSeconds;

    private BrokerProcess(Kind kind, Launched launched, Admin admin, double startSeconds) {
        this.kind = kind;
        this.process = launched.process();
        this.bootstrapServers = launched.bootstrapServers();
        this.tlsBootstrapServers = launched.tlsBootstrapServers();
        this.logFile = launched.logFile();
        this.stop = launched.stop();
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
        void await(String bootstrapServers, BooleanSupplier alive) throws Exception;
    }

    /**
     * A broker JVM just launched, not yet known to be ready: how to wait for its own sign of readiness, read the
     * end of its log, and stop it and delete its directory.
     */
    private record Launched(Process process, long launchedAtNanos, String bootstrapServers,
                            String tlsBootstrapServers, Path logFile, Runnable awaitReady, IntFunction<String> logTail,
                            Runnable stop) {
    }

    /** Launches a broker of that kind and returns once describeCluster answers. */
    public static BrokerProcess start(Kind kind, List<String> jvmOptions) {
        return start(kind, jvmOptions, null);
    }

    /**
     * Launches a broker of that kind; {@link #startSeconds} is the time from the launch until
     * {@code firstContact} returned (or, when null, until describeCluster answered).
     */
    public static BrokerProcess start(Kind kind, List<String> jvmOptions, FirstContact firstContact) {
        return start(kind, kind == Kind.STUB ? launchStub(jvmOptions) : launchKafka(jvmOptions, null), firstContact);
    }

    /**
     * A real Apache Kafka broker with a second client listener, {@code TLS} (security protocol SSL, no client
     * certificate asked for), serving {@code keyStore}; {@link #tlsBootstrapServers} is its address. The PLAINTEXT
     * listener stays, so the same broker serves both transports.
     */
    public static BrokerProcess startKafkaWithTls(List<String> jvmOptions, KeyStoreFiles keyStore) {
        return start(Kind.KAFKA, launchKafka(jvmOptions, keyStore), null);
    }

    private static BrokerProcess start(Kind kind, Launched launched, FirstContact firstContact) {
        Admin admin = null;
        try {
            long ready = 0;
            if (firstContact != null) {
                firstContact.await(launched.bootstrapServers(), launched.process()::isAlive);
                ready = System.nanoTime();
            }
            launched.awaitReady().run();
            admin = Admin.create(adminConfig(launched.bootstrapServers()));
            awaitDescribeCluster(launched, admin);
            if (firstContact == null) {
                ready = System.nanoTime();
            }
            return new BrokerProcess(kind, launched, admin, (ready - launched.launchedAtNanos()) / 1e9);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (admin != null) {
                admin.close();
            }
            String log = launched.logTail().apply(LOG_TAIL_LINES);
            launched.stop().run();
            throw new IllegalStateException(kind.displayName() + " did not start: " + e.getMessage() + "\n" + log, e);
        }
    }

    /** broker-stub as {@code java <jvmOptions> -cp <this class path> io.petrel.tools.Petrel broker ...}. */
    public static BrokerProcess startStub(List<String> jvmOptions) {
        return start(Kind.STUB, jvmOptions);
    }

    /** A real Apache Kafka broker, formatted fresh, with Kafka's defaults but for single-node settings. */
    public static BrokerProcess startKafka(List<String> jvmOptions) {
        return start(Kind.KAFKA, jvmOptions);
    }

    private static Launched launchStub(List<String> jvmOptions) {
        Path dir = ScratchDirectory.create("petrel-bench-stub-");
        int port = FreePorts.one();
        ChildJvm jvm = ChildJvm.launch(dir, dir.resolve("broker.log"), jvmOptions, "io.petrel.tools.Petrel",
                List.of("broker", "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString()),
                () -> ScratchDirectory.deleteTree(dir));
        // The Admin client comes once the port accepts: refused connections would make it back off up to 1 s.
        return new Launched(jvm.process(), jvm.launchedAtNanos(), "127.0.0.1:" + port, null, jvm.logFile(),
                () -> awaitPort(jvm, port), jvm::logTail, () -> {
                    jvm.stop(STOP_TIMEOUT);
                    ScratchDirectory.deleteTree(dir);
                });
    }

    /** Apache Kafka, with the {@code TLS} listener serving {@code tlsKeyStore} unless it is null. */
    private static Launched launchKafka(List<String> jvmOptions, KeyStoreFiles tlsKeyStore) {
        RealKafkaBroker.Builder builder = RealKafkaBroker.builder().jvmOptions(jvmOptions).startTimeout(START_TIMEOUT);
        if (tlsKeyStore != null) {
            builder.listener(TLS_LISTENER, "SSL");
            tlsKeyStore.kafkaProperties(StoreType.PKCS12).forEach((key, value) ->
                    builder.property("listener.name." + TLS_LISTENER.toLowerCase(Locale.ROOT) + "." + key, value));
        }
        RealKafkaBroker kafka = builder.launch();
        return new Launched(kafka.process(), kafka.launchedAtNanos(), kafka.bootstrapServers(),
                tlsKeyStore == null ? null : kafka.bootstrapServers(TLS_LISTENER), kafka.logFile(),
                kafka::awaitReady, kafka::logTail, kafka::close);
    }

    private static Properties adminConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Creating a thousand-partition topic (the scale part) took broker-stub over 10 s on a loaded machine.
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "60000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "120000");
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
        return bootstrapServers;
    }

    /** The TLS listener's address, for a broker from {@link #startKafkaWithTls}. */
    public Optional<String> tlsBootstrapServers() {
        return Optional.ofNullable(tlsBootstrapServers);
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
        return logFile;
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

    /**
     * Waits until the leader of every partition of {@code topic} answers for it (one ListOffsets each, which the
     * Admin client retries while the answer is NOT_LEADER_OR_FOLLOWER): Apache Kafka shows a new topic's
     * leaders in its metadata before the broker has opened their logs, and a producer writing to a thousand
     * fresh partitions would otherwise spend its timed run retrying.
     */
    public void awaitServing(String topic) throws InterruptedException, ExecutionException {
        recordsIn(topic);
    }

    /** Deletes {@code topic}, so that a long run of fresh topics does not fill the disk. */
    public void deleteTopic(String topic) throws InterruptedException, ExecutionException {
        admin.deleteTopics(List.of(topic)).all().get();
    }

    @Override
    public void close() {
        admin.close();
        stop.run();
    }

    private static void awaitPort(ChildJvm jvm, int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        while (true) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException("the broker JVM exited with status " + jvm.exitValue().orElse(-1));
            }
            if (System.nanoTime() - jvm.launchedAtNanos() > START_TIMEOUT.toNanos()) {
                throw new IllegalStateException("the broker did not open port " + port + " within "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            try (Socket s = new Socket()) {
                s.connect(address, 500);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private static void awaitDescribeCluster(Launched launched, Admin admin) throws InterruptedException {
        String last = "";
        while (true) {
            if (!launched.process().isAlive()) {
                throw new IllegalStateException("the broker JVM exited with status " + launched.process().exitValue());
            }
            try {
                if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                        .get(4, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e.toString();
            }
            if (System.nanoTime() - launched.launchedAtNanos() > START_TIMEOUT.toNanos()) {
                throw new IllegalStateException("describeCluster did not answer within " + START_TIMEOUT.toSeconds()
                        + " s: " + last);
            }
            Thread.sleep(50);
        }
    }
}
