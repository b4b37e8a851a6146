package io.petrel.consumer.internal;

import io.petrel.client.ConfigException;
import io.petrel.client.internal.config.ConfigKey;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.IsolationLevel;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsumerSettingsTest {
    private static final Map<String, Object> MINIMAL = Map.of("bootstrap.servers", "localhost:9092");

    /** Keys whose default differs on purpose, or that kafka-clients computes at runtime. */
    private static final Set<String> NOT_COMPARED = Set.of(
            "client.id",                 // generated per instance in both clients
            "partition.assignment.strategy", // compared by class name below
            "key.deserializer", "value.deserializer", // required in Kafka, optional here (instances allowed)
            "security.protocol",         // same value, Kafka's is a String with different case handling
            "sasl.oauthbearer.token.provider.class", // Petrel's own: how an OAuthBearerTokenProvider is plugged in
            "metric.reporters"); // Kafka's default names its JmxReporter; Petrel's JMX is always on, the list adds to it

    @Test
    void everyDefaultIsKafkaClientsDefault() {
        ConfigDef kafka = org.apache.kafka.clients.consumer.ConsumerConfig.configDef();
        int compared = 0;
        for (ConfigKey<?> key : ConsumerSettings.SPEC.keys()) {
            if (NOT_COMPARED.contains(key.name())) {
                continue;
            }
            ConfigDef.ConfigKey theirs = kafka.configKeys().get(key.name());
            assertTrue(theirs != null, () -> key.name() + " is not a kafka-clients consumer key");
            Object ours = key.defaultValue();
            Object expected = theirs.defaultValue;
            if (expected == ConfigDef.NO_DEFAULT_VALUE) {
                assertNull(ours, key.name() + " has no default in kafka-clients");
            } else if (expected instanceof Number n && ours instanceof Number m) {
                assertEquals(n.longValue(), m.longValue(), key.name());
            } else if (expected instanceof String s && ours != null) {
                assertEquals(s.toLowerCase(), ours.toString().toLowerCase(), key.name());
            } else {
                assertEquals(expected, ours, key.name());
            }
            compared++;
        }
        assertTrue(compared >= 30, "compared " + compared + " keys");
    }

    @Test
    void theDefaultAssignorsAreKafkasRangeThenCooperativeSticky() {
        ConfigDef kafka = org.apache.kafka.clients.consumer.ConsumerConfig.configDef();
        List<?> theirs = (List<?>) kafka.configKeys().get("partition.assignment.strategy").defaultValue;
        List<String> names = theirs.stream().map(c -> ((Class<?>) c).getName()).toList();
        assertEquals(names, ConsumerSettings.DEFAULT_ASSIGNMENT_STRATEGY);
    }

    @Test
    void parsesTypedValues() {
        ConsumerSettings s = ConsumerSettings.from(Map.of("bootstrap.servers", "localhost:9092", "group.id", "g",
                "auto.offset.reset", "earliest", "isolation.level", "read_committed", "max.poll.records", "42"));
        assertEquals("g", s.groupId());
        assertEquals(AutoOffsetReset.EARLIEST, s.autoOffsetReset());
        assertEquals(IsolationLevel.READ_COMMITTED, s.isolationLevel());
        assertEquals(42, s.maxPollRecords());
        assertTrue(s.autoCommit());
        assertTrue(s.clientId().startsWith("consumer-g-"), s.clientId());
    }

    @Test
    void autoCommitIsOffWithoutAGroup() {
        ConsumerSettings s = ConsumerSettings.from(MINIMAL);
        assertNull(s.groupId());
        assertFalse(s.autoCommit());
    }

    @Test
    void badValuesNameTheKey() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ConsumerSettings.from(Map.of("bootstrap.servers", "localhost:9092", "max.poll.record", 5)));
        assertTrue(unknown.getMessage().contains("max.poll.records"), unknown.getMessage());
        ConfigException reset = assertThrows(ConfigException.class,
                () -> ConsumerSettings.from(Map.of("bootstrap.servers", "localhost:9092", "auto.offset.reset", "first")));
        assertTrue(reset.getMessage().contains("auto.offset.reset") && reset.getMessage().contains("first"),
                reset.getMessage());
        ConfigException protocol = assertThrows(ConfigException.class,
                () -> ConsumerSettings.from(Map.of("bootstrap.servers", "localhost:9092", "group.protocol", "streams")));
        assertTrue(protocol.getMessage().contains("classic") && protocol.getMessage().contains("streams"),
                protocol.getMessage());
        ConfigException heartbeat = assertThrows(ConfigException.class, () -> ConsumerSettings.from(Map.of(
                "bootstrap.servers", "localhost:9092", "heartbeat.interval.ms", 50_000)));
        assertTrue(heartbeat.getMessage().contains("session.timeout.ms"), heartbeat.getMessage());
    }

    @Test
    void theConsumerProtocolTakesItsOwnSettings() {
        ConsumerSettings s = ConsumerSettings.from(Map.of("bootstrap.servers", "localhost:9092", "group.id", "g",
                "group.protocol", "CONSUMER", "group.remote.assignor", "uniform"));
        assertEquals(GroupProtocol.CONSUMER, s.groupProtocol());
        assertEquals("uniform", s.groupRemoteAssignor());
        assertEquals(GroupProtocol.CLASSIC, ConsumerSettings.from(MINIMAL).groupProtocol(), "classic stays the default");
    }

    /** Each refusal starts with kafka-clients 4.3.1's own message and names the broker-side setting that decides. */
    @Test
    void settingsOfTheOtherProtocolAreRefusedAsKafkaClientsRefusesThem() {
        Map<String, String> brokerSide = Map.of(
                "partition.assignment.strategy", "group.consumer.assignors",
                "session.timeout.ms", "group.consumer.session.timeout.ms",
                "heartbeat.interval.ms", "group.consumer.heartbeat.interval.ms");
        Map<String, String> values = Map.of("partition.assignment.strategy",
                "org.apache.kafka.clients.consumer.RangeAssignor", "session.timeout.ms", "45000",
                "heartbeat.interval.ms", "3000");
        brokerSide.forEach((key, broker) -> {
            Map<String, Object> config = new java.util.HashMap<>(Map.of("bootstrap.servers", "localhost:9092",
                    "group.id", "g", "group.protocol", "consumer", key, values.get(key),
                    "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer"));
            String kafkas = assertThrows(org.apache.kafka.common.config.ConfigException.class,
                    () -> new org.apache.kafka.clients.consumer.ConsumerConfig(config)).getMessage();
            config.remove("key.deserializer");
            config.remove("value.deserializer");
            String ours = assertThrows(ConfigException.class, () -> ConsumerSettings.from(config)).getMessage();
            assertTrue(ours.startsWith(kafkas), () -> "ours: " + ours + "\nkafka-clients': " + kafkas);
            assertTrue(ours.contains(broker), () -> ours + " should name " + broker);
        });
        Map<String, Object> classic = new java.util.HashMap<>(Map.of("bootstrap.servers", "localhost:9092",
                "group.id", "g", "group.remote.assignor", "range",
                "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer"));
        String kafkas = assertThrows(org.apache.kafka.common.config.ConfigException.class,
                () -> new org.apache.kafka.clients.consumer.ConsumerConfig(classic)).getMessage();
        classic.remove("key.deserializer");
        classic.remove("value.deserializer");
        String ours = assertThrows(ConfigException.class, () -> ConsumerSettings.from(classic)).getMessage();
        assertTrue(ours.startsWith(kafkas), () -> "ours: " + ours + "\nkafka-clients': " + kafkas);
    }

    @Test
    void socketBufferSizesReachTheNetworkAsKafkaClientsSetsThem() {
        assertEquals(new io.petrel.client.internal.ClientNetworkConfig.SocketBuffers(131_072, 65_536),
                ConsumerSettings.from(MINIMAL).networkConfig().socketBuffers(), "kafka-clients' defaults");
        Map<String, Object> sized = new java.util.HashMap<>(MINIMAL);
        sized.put("receive.buffer.bytes", 2_097_152);
        sized.put("send.buffer.bytes", -1);
        assertEquals(new io.petrel.client.internal.ClientNetworkConfig.SocketBuffers(-1, 2_097_152),
                ConsumerSettings.from(sized).networkConfig().socketBuffers());
    }
}
