package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.tls.StoreType;
import io.petrel.broker.tls.TestCertificates;
import io.petrel.testsupport.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code petrel broker} as a user runs it: a separate JVM started from the command line, reached by
 * Apache Kafka's Admin client, stopped with SIGTERM.
 */
class BrokerCommandTest {
    private static final Duration START_WITHIN = Duration.ofSeconds(60);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);
    /** 128 + SIGTERM(15): a JVM that ran its shutdown hooks after a SIGTERM exits with this status. */
    private static final int EXIT_ON_SIGTERM = 143;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void runsUntilSigtermServesKafkaClientsAndStopsCleanly(@TempDir Path dataDir) throws Exception {
        int port = FreePorts.one();
        Output out = start("broker", "--port", Integer.toString(port), "--data-dir", dataDir.toString());

        String listening = out.await(line -> line.contains("listening on"), START_WITHIN);
        assertTrue(listening.contains("127.0.0.1:" + port), listening);

        String bootstrap = "127.0.0.1:" + port;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            DescribeClusterResult cluster = admin.describeCluster();
            Collection<Node> nodes = cluster.nodes().get(30, TimeUnit.SECONDS);
            assertEquals(1, nodes.size());
            assertEquals(port, nodes.iterator().next().port());
            admin.createTopics(List.of(new NewTopic("from-the-cli-test", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("from-the-cli-test"));
        }

        // Its data directory is locked against a broker in another process, with a message saying so.
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> Broker.start(BrokerConfig.builder().dataDir(dataDir).build()).close());
        assertTrue(refused.getMessage().contains("in use by another broker"), refused.getMessage());

        // SIGTERM. Through the handle: Process.destroy() would also close our end of its output, and with
        // it the line saying it stopped.
        assertTrue(out.process.toHandle().destroy(), "SIGTERM could be sent");
        assertTrue(out.process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS), "the broker stops after SIGTERM");
        assertEquals(EXIT_ON_SIGTERM, out.process.exitValue(), "exit status after SIGTERM:\n" + out.all());
        out.await(line -> line.contains("stopped"), STOP_WITHIN);
        assertTrue(Files.isRegularFile(dataDir.resolve("meta.properties")), "the data directory is kept");
        assertTrue(Files.readString(dataDir.resolve("meta.properties")).contains("cluster.id"));
    }

    @Test
    void aSecuredKafkaServerPropertiesFileServesSaslSslClients(@TempDir Path dataDir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dataDir.resolve("certs"));
        int port = FreePorts.one();
        Properties server = new Properties();
        server.put("listeners", "SASL_SSL://127.0.0.1:" + port);
        server.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256");
        server.put("listener.name.sasl_ssl.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"admin\" password=\"admin-secret\" user_alice=\"alice-secret\";");
        server.putAll(certs.serverKeyStore().kafkaProperties(StoreType.PKCS12));
        server.put("log.dirs", dataDir.resolve("log").toString());
        Path file = dataDir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            server.store(out, null);
        }
        Output out = start("broker", "--config", file.toString());
        String listening = out.await(line -> line.contains("listening on"), START_WITHIN);
        assertTrue(listening.contains("SASL_SSL://127.0.0.1:" + port), listening);
        assertTrue(!out.all().contains("alice-secret") && !out.all().contains(certs.password()), "no secret in the log");

        Map<String, Object> client = new java.util.HashMap<>(certs.trustStore().kafkaProperties(StoreType.PKCS12));
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", "SCRAM-SHA-256");
        client.put("sasl.jaas.config", SaslMechanism.SCRAM_SHA_256.clientJaasConfig("alice", "alice-secret"));
        try (Admin admin = Admin.create(client)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            assertEquals(port, nodes.iterator().next().port());
        }
        assertTrue(out.process.toHandle().destroy(), "SIGTERM could be sent");
        assertTrue(out.process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS), "the broker stops after SIGTERM");
    }

    @Test
    void aPortInUseIsAOneLineErrorAndExitStatusOne(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Output out = start("broker", "--port", Integer.toString(taken.getLocalPort()), "--data-dir", dataDir.toString());
            assertTrue(out.process.waitFor(START_WITHIN.toSeconds(), TimeUnit.SECONDS), "the command gives up");
            assertEquals(1, out.process.exitValue(), out.all());
            String error = out.await(line -> line.startsWith("petrel broker:"), STOP_WITHIN);
            assertTrue(error.contains(Integer.toString(taken.getLocalPort())) && error.contains("in use"), error);
        }
    }

    private Output start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Petrel.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        return new Output(process);
    }

    /** A process's merged output, read line by line on a thread of its own. */
    private static final class Output {
        final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer all = new StringBuffer();

        Output(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        all.append(line).append('\n');
                        lines.add(line);
                    }
                } catch (IOException e) {
                    all.append("[reading the output failed: ").append(e).append("]\n");
                }
            }, "broker-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The first line (from here on) that matches, waiting up to {@code timeout}. */
        String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("No matching line within " + timeout + "; output so far:\n" + all);
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        }

        String all() {
            return all.toString();
        }
    }
}
