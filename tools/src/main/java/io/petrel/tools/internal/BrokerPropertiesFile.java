package io.petrel.tools.internal;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.ConnectionLimits;
import io.petrel.broker.ConsumerGroupSettings;
import io.petrel.broker.LogCleanerConfig;
import io.petrel.broker.LogConfig;
import io.petrel.broker.security.KafkaSecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads a Kafka-style {@code server.properties} into a broker configuration: the keys broker-stub has a
 * meaning for are applied (listeners, TLS, SASL and ACL keys through broker-stub's
 * {@link KafkaSecurityProperties}), the rest (replication, KRaft...) are logged as ignored, so a real Kafka
 * config file can be pointed at as it is.
 */
final class BrokerPropertiesFile {
    private static final Logger log = LoggerFactory.getLogger(BrokerPropertiesFile.class);

    /** Broker-level keys whose value becomes a topic log default, with the topic-level name. */
    private static final Map<String, String> LOG_KEYS = Map.of(
            "log.segment.bytes", "segment.bytes",
            "log.roll.ms", "segment.ms",
            "log.retention.ms", "retention.ms",
            "log.retention.bytes", "retention.bytes",
            "message.max.bytes", "max.message.bytes",
            "log.message.timestamp.type", "message.timestamp.type",
            "log.index.interval.bytes", "index.interval.bytes",
            "log.flush.interval.messages", "flush.messages",
            "log.flush.interval.ms", "flush.ms");

    private BrokerPropertiesFile() {
    }

    static BrokerConfig.Builder read(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        }
        BrokerConfig.Builder builder = BrokerConfig.builder();
        Map<String, String> all = new HashMap<>();
        for (String key : props.stringPropertyNames()) {
            all.put(key, props.getProperty(key));
        }
        Set<String> security = KafkaSecurityProperties.apply(builder, all, Clock.systemUTC());
        Map<String, String> logOverrides = new HashMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).trim();
            if (LOG_KEYS.containsKey(key)) {
                logOverrides.put(LOG_KEYS.get(key), value);
            } else if (!security.contains(key) && !apply(builder, key, value)) {
                // The value may be a password: only the key is logged.
                log.info("Ignoring {} from {}: broker-stub has no such setting", key, file);
            }
        }
        applyRetentionHours(props, logOverrides);
        builder.logDefaults(LogConfig.defaults().with(logOverrides));
        return builder;
    }

    private static boolean apply(BrokerConfig.Builder b, String key, String value) {
        switch (key) {
            case "node.id", "broker.id" -> b.nodeId(integer(key, value));
            case "num.partitions" -> b.numPartitions(integer(key, value));
            case "max.incremental.fetch.session.cache.slots" -> b.fetchSessionCacheSlots(integer(key, value));
            case "auto.create.topics.enable" -> b.autoCreateTopics(Boolean.parseBoolean(value));
            case "socket.request.max.bytes" -> b.maxRequestBytes(integer(key, value));
            case "connections.max.idle.ms" -> b.idleConnectionTimeout(Duration.ofMillis(integer(key, value)));
            case "group.initial.rebalance.delay.ms" -> b.groupInitialRebalanceDelay(Duration.ofMillis(integer(key, value)));
            case "group.min.session.timeout.ms" -> b.groupMinSessionTimeout(Duration.ofMillis(integer(key, value)));
            case "group.max.session.timeout.ms" -> b.groupMaxSessionTimeout(Duration.ofMillis(integer(key, value)));
            case "transaction.max.timeout.ms" -> b.transactionMaxTimeout(Duration.ofMillis(integer(key, value)));
            case "log.dirs", "log.dir" -> b.dataDir(Path.of(value.split(",")[0].trim()));
            case "log.retention.hours" -> { /* applied with log.retention.ms below */ }
            case "log.cleaner.enable" -> b.logCleaner(cleaner(b).withEnabled(Boolean.parseBoolean(value)));
            case "log.cleaner.backoff.ms" -> b.logCleaner(cleaner(b).withBackoff(Duration.ofMillis(integer(key, value))));
            case "offsets.retention.minutes" -> b.offsetsRetention(Duration.ofMinutes(integer(key, value)));
            case "max.connections" -> b.connectionLimits(limits(b).withMaxConnections(integer(key, value)));
            case "max.connections.per.ip" -> b.connectionLimits(limits(b).withMaxConnectionsPerIp(integer(key, value)));
            case "queued.max.request.bytes" -> b.connectionLimits(limits(b).withQueuedMaxRequestBytes(
                    longValue(key, value)));
            case "group.consumer.heartbeat.interval.ms" -> b.consumerGroups(consumerGroups(b)
                    .withHeartbeatInterval(Duration.ofMillis(integer(key, value))));
            case "group.consumer.session.timeout.ms" -> b.consumerGroups(consumerGroups(b)
                    .withSessionTimeout(Duration.ofMillis(integer(key, value))));
            case "group.consumer.max.size" -> b.consumerGroups(consumerGroups(b).withMaxSize(integer(key, value)));
            case "group.consumer.assignors" -> b.consumerGroups(consumerGroups(b).withAssignors(
                    Arrays.stream(value.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList()));
            case "group.consumer.migration.policy" -> b.consumerGroups(consumerGroups(b).withMigrationPolicy(value));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static ConsumerGroupSettings consumerGroups(BrokerConfig.Builder b) {
        return b.build().consumerGroups();
    }

    private static ConnectionLimits limits(BrokerConfig.Builder b) {
        return b.build().connectionLimits();
    }

    private static long longValue(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not a whole number", e);
        }
    }

    private static LogCleanerConfig cleaner(BrokerConfig.Builder b) {
        return b.build().logCleaner();
    }

    /** Kafka's server.properties usually says log.retention.hours; it counts when log.retention.ms is absent. */
    private static void applyRetentionHours(Properties props, Map<String, String> logOverrides) {
        String hours = props.getProperty("log.retention.hours");
        if (hours != null && !logOverrides.containsKey("retention.ms")) {
            logOverrides.put("retention.ms", Long.toString(Duration.ofHours(integer("log.retention.hours", hours)).toMillis()));
        }
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not a whole number", e);
        }
    }
}
