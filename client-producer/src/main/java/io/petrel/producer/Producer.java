package io.petrel.producer;

import io.petrel.client.PartitionInfo;
import io.petrel.client.internal.config.ConfigSpec;
import io.petrel.producer.internal.PetrelProducer;
import io.petrel.serializers.Serializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Sends records to a Kafka cluster (Apache Kafka 4.x or Petrel's broker), batching them per partition.
 *
 * <pre>{@code
 * try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
 *         .bootstrapServers("localhost:9092")
 *         .build()) {
 *     producer.send(ProducerRecord.of("orders", "order-1", "{...}"))
 *             .thenAccept(md -> log.info("written at offset {}", md.offset()));
 * }
 * }</pre>
 *
 * <p>A record flows through one pipeline: serializer, partitioner (explicit partition, murmur2 of the key,
 * or round-robin), a per-partition record accumulator (batch.size, linger.ms, buffer.memory), a sender that
 * compresses each batch and sends Produce requests, a retry loop (backoff, delivery.timeout.ms), and
 * completion with {@link RecordMetadata}.
 *
 * <p>{@code send} does not wait for metadata: a record for a topic not known yet waits inside the producer
 * (counted against buffer.memory) and fails after max.block.ms if the topic never appears. It blocks only
 * when buffer.memory is full, for at most max.block.ms, after which the returned future fails with a
 * {@link io.petrel.client.TimeoutException} naming both settings.
 *
 * <p>Futures and callbacks complete on the producer's sender thread, never while it holds a lock; work
 * chained onto a future with a non-async method runs there too, so keep it short or use an
 * {@code ...Async} variant. Per partition, records are acknowledged in the order they were sent. With
 * idempotence (the default) each is written exactly once despite retries.
 *
 * <p>Thread-safe: share one producer between threads.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Producer<K, V> extends AutoCloseable {

    /** A builder with typed setters for the producer's settings. */
    static <K, V> ProducerBuilder<K, V> builder(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        return new ProducerBuilder<>(keySerializer, valueSerializer);
    }

    /**
     * A producer from Kafka-style settings, including {@code key.serializer} and {@code value.serializer}.
     *
     * @throws io.petrel.client.ConfigException for an unknown key, a bad value or contradicting settings
     */
    static <K, V> Producer<K, V> create(Map<String, ?> configs) {
        return PetrelProducer.create(configs, null, null);
    }

    /** As {@link #create(Map)}, from Properties. */
    static <K, V> Producer<K, V> create(Properties properties) {
        return PetrelProducer.create(ConfigSpec.rawMap(properties), null, null);
    }

    /** A producer from Kafka-style settings with these serializers (key.serializer and value.serializer may be left out). */
    static <K, V> Producer<K, V> create(Map<String, ?> configs, Serializer<K> keySerializer,
                                        Serializer<V> valueSerializer) {
        return PetrelProducer.create(configs, keySerializer, valueSerializer);
    }

    /** Sends a record; the future completes once it is acknowledged (or fails). See the class comment. */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record);

    /** Sends a record and tells {@code callback} how it went, on the sender thread; also returns the future. */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback);

    /**
     * Sends every record held now at once (ignoring linger.ms) and waits until each is acknowledged or failed.
     * Does not throw for failed records: their futures say why.
     */
    void flush();

    /**
     * The topic's partitions, fetching its metadata if needed.
     *
     * @throws io.petrel.client.TimeoutException when the topic is not known within max.block.ms
     */
    List<PartitionInfo> partitionsFor(String topic);

    /**
     * The producer's metrics, with Kafka's names: record-send-rate, record-send-total, byte-rate,
     * batch-size-avg, compression-rate-avg, request-latency-avg/max (ms), request-total, record-retry-total,
     * record-error-total. Rates are per second since the producer started.
     */
    Map<String, Double> metrics();

    /** Sends what is held, waits for it without limit, and releases everything. */
    @Override
    void close();

    /**
     * Sends what is held and waits up to {@code timeout}; records not acknowledged by then fail. Called from
     * a callback (the sender thread) it does not wait.
     */
    void close(Duration timeout);
}
