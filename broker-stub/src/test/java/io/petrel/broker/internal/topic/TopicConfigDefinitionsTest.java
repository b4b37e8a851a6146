package io.petrel.broker.internal.topic;

import io.petrel.broker.LogConfig;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.record.TimestampType;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicConfigDefinitionsTest {
    /** Topic configs kafka-clients still names that Kafka 4 brokers no longer accept (KIP-724). */
    private static final Set<String> REMOVED_BY_KAFKA_4 = Set.of("message.downconversion.enable");

    private static ConfigEntry entry(List<ConfigEntry> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + name));
    }

    private static TopicException invalid(Map<String, String> configs) {
        TopicException e = assertThrows(TopicException.class, () -> TopicConfigDefinitions.validate(configs));
        assertEquals(ErrorCode.INVALID_CONFIG, e.errorCode());
        return e;
    }

    @Test
    void knowsEveryTopicConfigKafkaClientsNames() throws Exception {
        Set<String> kafkaKeys = new HashSet<>();
        for (Field f : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().endsWith("_CONFIG")) {
                kafkaKeys.add((String) f.get(null));
            }
        }
        Set<String> missing = new HashSet<>(kafkaKeys);
        missing.removeAll(TopicConfigDefinitions.keys());
        missing.removeAll(REMOVED_BY_KAFKA_4);
        assertEquals(Set.of(), missing, "topic configs kafka-clients knows but the catalog does not");
    }

    @Test
    void knowsNoTopicConfigKafka4Removed() {
        // kafka-clients still names message.downconversion.enable (deprecated), but a Kafka 4 broker refuses it.
        for (String key : REMOVED_BY_KAFKA_4) {
            assertTrue(!TopicConfigDefinitions.keys().contains(key), key);
            assertTrue(invalid(Map.of(key, "true")).getMessage().contains("Unknown topic config '" + key + "'"));
        }
    }

    @Test
    void validatesTypesRangesAndEnumerations() throws Exception {
        assertEquals(Map.of("retention.ms", "1000", "cleanup.policy", "compact,delete"),
                TopicConfigDefinitions.validate(Map.of("retention.ms", " 1000 ", "cleanup.policy", "compact,delete")));
        assertTrue(invalid(Map.of("retention.ms", "soon")).getMessage().contains("whole number"));
        assertTrue(invalid(Map.of("retention.ms", "-5")).getMessage().contains("at least -1"));
        assertTrue(invalid(Map.of("cleanup.policy", "shred")).getMessage().contains("compact, delete"));
        assertTrue(invalid(Map.of("compression.type", "brotli")).getMessage().contains("zstd"));
        assertTrue(invalid(Map.of("segment.bytes", "1000")).getMessage().contains("1048576"));
        assertTrue(invalid(Map.of("min.cleanable.dirty.ratio", "2")).getMessage().contains("from 0 to 1"));
        assertTrue(invalid(Map.of("preallocate", "yes")).getMessage().contains("true or false"));
        assertTrue(invalid(Map.of("remote.storage.enable", "true")).getMessage().contains("tiered storage"));
        assertTrue(invalid(Map.of("no.such.config", "1")).getMessage().contains("Unknown topic config 'no.such.config'"));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("retention.ms", null);
        assertTrue(invalid(nullValue).getMessage().contains("null value"));
    }

    @Test
    void logConfigTakesTheKeysTheLogUnderstands() throws Exception {
        LogConfig c = TopicConfigDefinitions.logConfig(LogConfig.defaults(),
                Map.of("retention.ms", "5000", "message.timestamp.type", "LogAppendTime", "cleanup.policy", "compact"));
        assertEquals(5000L, c.retentionMs());
        assertEquals(TimestampType.LOG_APPEND_TIME, c.timestampType());
    }

    @Test
    void describesSourcesAndSynonyms() {
        LogConfig broker = LogConfig.defaults().with(Map.of("segment.bytes", "2097152"));
        List<ConfigEntry> entries = TopicConfigDefinitions.describe(Map.of("retention.ms", "1000"), broker);
        assertEquals(TopicConfigDefinitions.keys().size(), entries.size());

        ConfigEntry retention = entry(entries, "retention.ms");
        assertEquals("1000", retention.value());
        assertEquals(ConfigSource.TOPIC_CONFIG, retention.source());
        assertEquals(List.of(new ConfigSynonym("retention.ms", "1000", ConfigSource.TOPIC_CONFIG),
                new ConfigSynonym("log.retention.ms", "604800000", ConfigSource.DEFAULT_CONFIG)), retention.synonyms());

        ConfigEntry segment = entry(entries, "segment.bytes");
        assertEquals("2097152", segment.value());
        assertEquals(ConfigSource.STATIC_BROKER_CONFIG, segment.source());
        assertEquals(ConfigSource.DEFAULT_CONFIG, segment.synonyms().get(1).source());

        ConfigEntry cleanup = entry(entries, "cleanup.policy");
        assertEquals("delete", cleanup.value());
        assertEquals(ConfigSource.DEFAULT_CONFIG, cleanup.source());
        assertEquals(DescribedConfigType.LIST, cleanup.type());
        assertEquals("3600000", entry(entries, "message.timestamp.after.max.ms").value());
    }
}
