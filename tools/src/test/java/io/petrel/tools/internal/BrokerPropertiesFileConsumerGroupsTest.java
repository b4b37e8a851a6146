package io.petrel.tools.internal;

import io.petrel.broker.ConsumerGroupSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka's group.consumer.* keys in a server.properties given to {@code petrel broker --config}. */
class BrokerPropertiesFileConsumerGroupsTest {
    @TempDir
    Path dir;

    private ConsumerGroupSettings read(String properties) throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, properties);
        return BrokerPropertiesFile.read(file).build().consumerGroups();
    }

    @Test
    void theConsumerGroupProtocolsSettingsAreTaken() throws Exception {
        ConsumerGroupSettings s = read("""
                group.consumer.session.timeout.ms=20000
                group.consumer.heartbeat.interval.ms=1000
                group.consumer.max.size=10
                group.consumer.assignors=range, uniform
                group.consumer.migration.policy=upgrade
                """);
        assertEquals(Duration.ofSeconds(20), s.sessionTimeout());
        assertEquals(Duration.ofSeconds(1), s.heartbeatInterval());
        assertEquals(10, s.maxSize());
        assertEquals(List.of("range", "uniform"), s.assignors());
        assertEquals("upgrade", s.migrationPolicy());
        assertEquals(ConsumerGroupSettings.defaults(), read("num.partitions=3\n"));
    }

    @Test
    void anUnknownAssignorIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("group.consumer.assignors=sticky\n"));
        assertTrue(e.getMessage().contains("[sticky]") && e.getMessage().contains("uniform, range"), e.getMessage());
    }
}
