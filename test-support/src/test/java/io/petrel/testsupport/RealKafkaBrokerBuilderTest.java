package io.petrel.testsupport;

import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's side of a real Kafka broker, with no Kafka on this module's class path: the configuration it
 * writes and how a broker that cannot start fails. The broker itself runs in interop-tests' RealKafkaBroker tests.
 */
class RealKafkaBrokerBuilderTest {

    @Test
    void writesListenersProtocolsAndFormatArgumentsFromTheDescription() throws Exception {
        RealKafkaBroker broker = RealKafkaBroker.builder()
                .listener("SASL_SSL", "SASL_SSL")
                .listener("CLIENT_TLS", "SSL", 0)
                .property("num.partitions", "3")
                .formatArguments(List.of("--add-scram", "SCRAM-SHA-256=[name=alice,password=alice-secret]"))
                .clusterId("q1Sh-9_jT7mXvPEnKBz6cQ")
                .launch();
        Path dir = broker.directory();
        try {
            Properties written = new Properties();
            try (Reader in = Files.newBufferedReader(dir.resolve("server.properties"))) {
                written.load(in);
            }
            int plaintext = broker.port();
            int sasl = broker.port("SASL_SSL");
            int tls = broker.port("CLIENT_TLS");
            int controller = broker.controllerPort();
            assertEquals(4, List.of(plaintext, sasl, tls, controller).stream().distinct().count());
            assertEquals("PLAINTEXT://127.0.0.1:" + plaintext + ",SASL_SSL://127.0.0.1:" + sasl
                    + ",CLIENT_TLS://127.0.0.1:" + tls + ",CONTROLLER://127.0.0.1:" + controller,
                    written.getProperty("listeners"));
            assertEquals("PLAINTEXT://127.0.0.1:" + plaintext + ",SASL_SSL://127.0.0.1:" + sasl
                    + ",CLIENT_TLS://127.0.0.1:" + tls, written.getProperty("advertised.listeners"));
            assertEquals("PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CLIENT_TLS:SSL,CONTROLLER:PLAINTEXT",
                    written.getProperty("listener.security.protocol.map"));
            assertEquals("127.0.0.1:" + controller, written.getProperty("controller.quorum.bootstrap.servers"));
            assertEquals(dir.resolve("data").toAbsolutePath().toString(), written.getProperty("log.dirs"));
            assertEquals("3", written.getProperty("num.partitions"));
            assertEquals("PLAINTEXT", written.getProperty("inter.broker.listener.name"));
            assertEquals(written.getProperty("listeners"), broker.serverProperties().get("listeners"));
            assertEquals(List.of("--cluster-id", "q1Sh-9_jT7mXvPEnKBz6cQ", "--standalone", "--add-scram",
                    "SCRAM-SHA-256=[name=alice,password=alice-secret]"), Files.readAllLines(dir.resolve("format.args")));
            assertEquals("127.0.0.1:" + sasl, broker.bootstrapServers("SASL_SSL"));
        } finally {
            broker.close();
        }
        assertFalse(Files.exists(dir), "close deletes " + dir);
    }

    @Test
    void aNodeOfAStaticQuorumIsFormattedWithoutStandaloneOnItsFixedPorts() throws Exception {
        int[] ports = FreePorts.take(2);
        try (RealKafkaBroker broker = RealKafkaBroker.builder()
                .port(ports[0]).controllerPort(ports[1])
                .property("node.id", "2")
                .property("controller.quorum.voters", "1@127.0.0.1:1,2@127.0.0.1:" + ports[1] + ",3@127.0.0.1:3")
                .launch()) {
            assertEquals(ports[0], broker.port());
            assertEquals(ports[1], broker.controllerPort());
            assertFalse(broker.serverProperties().containsKey("controller.quorum.bootstrap.servers"));
            List<String> format = Files.readAllLines(broker.directory().resolve("format.args"));
            assertFalse(format.contains("--standalone"), format.toString());
            assertEquals(broker.clusterId(), format.get(1));
        }
    }

    @Test
    void aClientListenerCanBeAdvertisedOnAnotherPortForAProxyInFront() throws Exception {
        int proxyPort = FreePorts.one();
        try (RealKafkaBroker broker = RealKafkaBroker.builder()
                .listener("CLIENT", "PLAINTEXT")
                .advertisedPort("CLIENT", proxyPort)
                .launch()) {
            int client = broker.port("CLIENT");
            assertNotEquals(proxyPort, client);
            assertEquals("PLAINTEXT://127.0.0.1:" + broker.port() + ",CLIENT://127.0.0.1:" + client + ",CONTROLLER://127.0.0.1:"
                    + broker.controllerPort(), broker.serverProperties().get("listeners"));
            assertEquals("PLAINTEXT://127.0.0.1:" + broker.port() + ",CLIENT://127.0.0.1:" + proxyPort,
                    broker.serverProperties().get("advertised.listeners"));
        }
        IllegalArgumentException interBroker = assertThrows(IllegalArgumentException.class,
                () -> RealKafkaBroker.builder().advertisedPort("PLAINTEXT", proxyPort));
        assertTrue(interBroker.getMessage().contains("brokers' own traffic"), interBroker.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> RealKafkaBroker.builder().advertisedPort("CLIENT", proxyPort).launch());
        assertEquals("advertisedPort names listener CLIENT, which the broker does not have; add it with "
                + "Builder.listener", unknown.getMessage());
    }

    @Test
    void refusesSettingsTheLauncherDerivesAndDuplicateListeners() {
        IllegalArgumentException listeners = assertThrows(IllegalArgumentException.class,
                () -> RealKafkaBroker.builder().property("listeners", "PLAINTEXT://:9092"));
        assertTrue(listeners.getMessage().startsWith("listeners is derived from the listeners"), listeners.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RealKafkaBroker.builder().property("log.dirs", "/tmp/x"));
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> RealKafkaBroker.builder().listener("PLAINTEXT", "SSL"));
        assertEquals("The broker has a listener PLAINTEXT already", duplicate.getMessage());
    }

    @Test
    void aBrokerThatCannotStartFailsFastWithItsLogAndLeavesNothingBehind() {
        // This module's class path has no Kafka: the broker JVM fails at once, as one with a bad config would.
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, RealKafkaBroker::start);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(e.getMessage().startsWith("The Kafka broker did not start: the broker JVM exited with status 1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ClassNotFoundException: kafka.tools.StorageTool"), e.getMessage());
        assertTrue(millis < RealKafkaBroker.START_TIMEOUT.toMillis() / 2, "failed after " + millis + " ms");
    }

    @Test
    void clusterIdsAreRandomAndNeverLookLikeAFlag() {
        for (int i = 0; i < 1000; i++) {
            String id = RealKafkaBroker.randomClusterId();
            assertEquals(22, id.length(), id);
            assertFalse(id.startsWith("-"), id);
            assertTrue(id.matches("[A-Za-z0-9_-]+"), id);
        }
        assertNotEquals(RealKafkaBroker.randomClusterId(), RealKafkaBroker.randomClusterId());
    }
}
