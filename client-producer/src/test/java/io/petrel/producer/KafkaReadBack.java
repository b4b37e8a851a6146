package io.petrel.producer;

import io.petrel.client.ServedTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * kafka-clients on the other side of a test: creates topics with its Admin and reads them back with its
 * KafkaConsumer, so what Petrel wrote is checked by Kafka's own decoder. Works against any broker.
 */
public final class KafkaReadBack {
    private final String bootstrapServers;
    private final Map<String, String> clientConfig;

    public KafkaReadBack(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** With {@code clientConfig} (Kafka's client keys, such as a secured listener's) on every client it makes. */
    public KafkaReadBack(String bootstrapServers, Map<String, String> clientConfig) {
        this.bootstrapServers = bootstrapServers;
        this.clientConfig = Map.copyOf(clientConfig);
    }

    /** Creates a topic with this many partitions (replication factor 1), served by their leader when this returns. */
    public void createTopic(String topic, int partitions) throws Exception {
        createTopic(topic, partitions, Map.of());
    }

    /** As {@link #createTopic(String, int)}, with these topic configs (such as max.message.bytes). */
    public void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(clientConfig);
        try (Admin admin = Admin.create(props)) {
            ServedTopics.create(admin, new NewTopic(topic, partitions, (short) 1).configs(configs));
        }
    }

    /** Reads every record of the topic, from the start of each partition, until {@code expected} have arrived. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        return read(topic, expected, "read_uncommitted");
    }

    /**
     * As {@link #readAll}, with a consumer of this isolation.level: read_committed sees only committed
     * transactions (up to the last stable offset), read_uncommitted every record.
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, String isolationLevel) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(clientConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            if (total != records.size()) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * The group's committed offsets, as kafka-clients' Admin lists them (empty when it committed none); with
     * require_stable, so offsets of a transaction still completing are waited for rather than left out.
     */
    public Map<TopicPartition, Long> committedOffsets(String groupId) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
            admin.listConsumerGroupOffsets(groupId,
                            new org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((tp, om) -> {
                        if (om != null) {
                            offsets.put(tp, om.offset());
                        }
                    });
            return offsets;
        }
    }
}
