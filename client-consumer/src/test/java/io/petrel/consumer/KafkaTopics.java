package io.petrel.consumer;

import io.petrel.client.ServedTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * kafka-clients on the writing side of a consumer test: creates topics with its Admin and writes records with
 * its KafkaProducer (idempotent, acks=all, so each partition's records land in the order sent), so what Petrel's
 * consumer reads was encoded by Kafka's own client. Works against any broker. One producer per compression type,
 * made on first use and closed with this.
 */
public final class KafkaTopics implements AutoCloseable {
    private static final long WAIT_S = 60;

    private final String bootstrapServers;
    private final Map<String, String> clientConfig;
    private final Admin admin;
    private final Map<String, KafkaProducer<byte[], byte[]>> producers = new HashMap<>();

    public KafkaTopics(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** With {@code clientConfig} (Kafka's client keys, such as a secured listener's) on its Admin and producers. */
    public KafkaTopics(String bootstrapServers, Map<String, String> clientConfig) {
        this.bootstrapServers = bootstrapServers;
        this.clientConfig = Map.copyOf(clientConfig);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(this.clientConfig);
        this.admin = Admin.create(props);
    }

    /**
     * Creates a topic with this many partitions (replication factor 1) and waits until the broker serves every
     * partition ({@link ServedTopics}: Apache Kafka names a new partition's leader before it serves it, and an
     * idempotent producer racing that gap can be stuck until delivery.timeout.ms, KAFKA-15591).
     */
    public void create(String topic, int partitions) {
        ServedTopics.create(admin, topic, partitions);
    }

    /** The producer for {@code compression} ("none", "gzip", "snappy", "lz4", "zstd"). */
    public KafkaProducer<byte[], byte[]> producer(String compression) {
        return producers.computeIfAbsent(compression, c -> {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.putAll(clientConfig);
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, c);
            props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
            return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        });
    }

    /**
     * Writes {@code values} to one partition, in order, with keys {@code "k<i>"}, and waits until all are
     * acknowledged.
     */
    public void send(String topic, int partition, List<String> values) {
        KafkaProducer<byte[], byte[]> producer = producer("none");
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, partition, bytes("k" + i), bytes(values.get(i)))));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(WAIT_S, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("kafka-clients could not write to " + topic + "-" + partition, e);
        }
    }

    /** Writes {@code "<prefix><i>"} for i in [0, count) to one partition and waits until all are acknowledged. */
    public void send(String topic, int partition, String prefix, int count) {
        send(topic, partition, IntStream.range(0, count).mapToObj(i -> prefix + i).toList());
    }

    /**
     * Writes {@code perPartition} {@link SequencedRecords} to each of the topic's {@code partitions}, interleaving
     * the partitions, compressed with {@code compression}; fails on the first send that fails.
     */
    public void sendSequenced(SequencedRecords records, String topic, int partitions, long perPartition,
                              String compression) {
        KafkaProducer<byte[], byte[]> producer = producer(compression);
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (long seq = 0; seq < perPartition && failure.get() == null; seq++) {
            for (int p = 0; p < partitions; p++) {
                producer.send(records.record(topic, p, seq), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("kafka-clients could not write " + topic, failure.get());
        }
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producers.values().forEach(p -> p.close(Duration.ofSeconds(10)));
        admin.close(Duration.ofSeconds(10));
    }
}
