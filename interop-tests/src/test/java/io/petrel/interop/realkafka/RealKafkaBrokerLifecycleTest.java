package io.petrel.interop.realkafka;

import io.petrel.testsupport.RealKafkaBroker;
import io.petrel.testsupport.RealKafkaMain;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Brokers of their own (not the shared one) started by test-support's {@link RealKafkaBroker}: configuration,
 * another listener, stopping, a crash and a restart, cleaning up, halting when orphaned, failing to start.
 */
class RealKafkaBrokerLifecycleTest {

    /**
     * One broker through its whole life (each Kafka start costs 10-20 s of CI time): extra properties and another
     * listener apply, a SIGKILL and a restart keep its ports, data and cluster, SIGTERM stops it in order keeping
     * the data, close deletes its directory.
     */
    @Test
    void extraPropertiesApplyAKilledBrokerRestartsOnItsDataAndCloseDeletesItsDirectory() throws Exception {
        // The controller restarted with the broker counts the killed incarnation's registration alive for a session
        // (broker.session.timeout.ms, 9 s by default) and refuses the new one until then: a 3 s session makes the
        // restart wait 3 s of that rather than 9.
        RealKafkaBroker kafka = RealKafkaBroker.builder()
                .properties(Map.of("num.partitions", "2", "log.retention.ms", "123456789",
                        "broker.session.timeout.ms", "3000", "broker.heartbeat.interval.ms", "500"))
                .listener("EXTERNAL", "PLAINTEXT")
                .start();
        Path dir = kafka.directory();
        try {
            System.out.printf("RealKafkaBroker (own) %s started in %d ms, RSS %s KiB%n", kafka,
                    kafka.startupTime().toMillis(), kafka.residentSetKiB().map(String::valueOf).orElse("?"));
            assertTrue(kafka.isAlive());
            String topic = "survives-" + System.nanoTime();
            try (Admin admin = admin(kafka.bootstrapServers("EXTERNAL"))) {
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
                Config brokerConfig = admin.describeConfigs(List.of(broker)).all().get().get(broker);
                assertEquals("2", brokerConfig.get("num.partitions").value());
                assertEquals("123456789", brokerConfig.get("log.retention.ms").value());
                admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            }
            assertTrue(Files.readString(kafka.logFile()).contains("Kafka Server started"),
                    "the broker's own logs reach broker.log:\n" + kafka.logTail(20));

            long firstPid = kafka.pid();
            kafka.kill();
            assertFalse(kafka.isAlive());
            assertEquals(137, kafka.process().exitValue(), "SIGKILL, as a crash");

            kafka.restart();
            System.out.printf("RealKafkaBroker (own) restarted after SIGKILL in %d ms%n", kafka.startupTime().toMillis());
            assertTrue(kafka.isAlive());
            assertTrue(kafka.pid() != firstPid, "a new broker JVM");
            try (Admin admin = admin(kafka.bootstrapServers())) {
                TopicDescription described = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                assertEquals(2, described.partitions().size(), "the topic is in the data directory after the crash");
                assertEquals(kafka.clusterId(), admin.describeCluster().clusterId().get());
            }
            long t0 = System.nanoTime();
            kafka.stop();
            System.out.printf("RealKafkaBroker (own) stopped in %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            // exitValue() throws while the process runs: stop waits for the broker JVM to exit.
            assertEquals(143, kafka.process().exitValue(), "SIGTERM: Kafka shut down in order");
            assertTrue(Files.exists(kafka.dataDirectory()), "stop keeps the data");
        } finally {
            kafka.close();
        }
        assertFalse(kafka.isAlive());
        assertFalse(Files.exists(dir), "close deletes " + dir);
    }

    @Test
    void theBrokerHaltsWhenTheTestJvmGoesAway() throws Exception {
        try (RealKafkaBroker kafka = RealKafkaBroker.start()) {
            // What the child sees when the test JVM is killed: its standard input closes.
            kafka.process().getOutputStream().close();
            assertTrue(kafka.process().waitFor(30, TimeUnit.SECONDS), "the orphaned broker halts");
            assertEquals(RealKafkaMain.ORPHANED, kafka.process().exitValue());
        }
    }

    @Test
    void aBrokerThatCannotStartFailsFastWithItsLog() {
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RealKafkaBroker.start(Map.of("node.id", "not-a-number")));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(e.getMessage().contains("not-a-number"), e.getMessage());
        assertTrue(millis < RealKafkaBroker.START_TIMEOUT.toMillis() / 2, "failed after " + millis + " ms");
        System.out.printf("A bad config failed in %d ms with:%n%s%n", millis,
                e.getMessage().substring(0, Math.min(600, e.getMessage().length())));
    }

    private static Admin admin(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(config);
    }
}
