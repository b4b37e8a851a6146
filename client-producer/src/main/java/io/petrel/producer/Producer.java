package io.petrel.producer;

import io.petrel.client.Metric;
import io.petrel.client.MetricName;

import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.PartitionInfo;
import io.petrel.client.TopicPartition;
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
 * {@code ...Async} variant. The sender thread is also the producer's network thread (as kafka-clients' producer
 * network thread is): while work runs on it, none of the producer's connections is read or written; see
 * {@link Callback}. Per partition, records are acknowledged in the order they were sent. With
 * idempotence (the default) each is written exactly once despite retries.
 *
 * <p>A batch the broker refuses as larger than the topic's {@code max.message.bytes} (MESSAGE_TOO_LARGE), as
 * happens when that is below batch.size, is split into smaller batches and sent again, as kafka-clients does:
 * halves, halved again while refused, ahead of the partition's newer batches; with idempotence each record keeps
 * its sequence, so order holds as for a retry (without it, a batch already in flight behind the refused one may
 * land first, as with retries). Only a record too large on its own fails, with a
 * {@link io.petrel.client.BrokerErrorException} of MESSAGE_TOO_LARGE naming its batch's size; the records
 * around it land. Splits are counted in batch-split-rate/total and do not count as retries.
 *
 * <p><b>Transactions.</b> With a {@code transactional.id}, records (and a consumer's offsets) are written
 * atomically: a {@code read_committed} consumer sees all of a transaction's records or none.
 * <pre>{@code
 * producer.initTransactions();                       // once: fences older producers with this transactional.id
 * while (running) {
 *     ConsumerRecords<String, String> in = consumer.poll(Duration.ofMillis(500));
 *     producer.beginTransaction();
 *     try {
 *         for (ConsumerRecord<String, String> r : in) {
 *             producer.send(ProducerRecord.of("out", r.key(), transform(r.value())));
 *         }
 *         producer.sendOffsetsToTransaction(nextOffsets(in), consumer.groupMetadata());
 *         producer.commitTransaction();
 *     } catch (ProducerFencedException e) {
 *         producer.close();                          // a newer instance took over: stop
 *         break;
 *     } catch (ClientException e) {
 *         producer.abortTransaction();               // the transaction failed: nothing of it is visible
 *         rewind(consumer);                          // and read its input again
 *     }
 * }
 * }</pre>
 * The calls follow kafka-clients' rules: one in the wrong state throws an IllegalStateException naming the
 * state; after a recoverable error every call but {@link #abortTransaction()} throws it; a fenced producer
 * ({@link ProducerFencedException}) must be closed; a call that timed out after max.block.ms goes on, and
 * calling it again waits for it. Transactions version 2 (KIP-890) is used when the cluster has finalized it
 * (Apache Kafka 4.x does), else version 1.
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
     * Registers this producer's {@code transactional.id} with its transaction coordinator: gets a producer id
     * and epoch, fences any older producer with the same id, and has the coordinator finish the transaction
     * such a producer left open. Call once, before the first {@link #beginTransaction()}. Blocks for at most
     * max.block.ms.
     *
     * @throws IllegalStateException             without a transactional.id, or when already initialized
     * @throws io.petrel.client.TimeoutException when not done within max.block.ms; it goes on, call again to wait
     * @throws ProducerFencedException           when an even newer producer took the id meanwhile
     */
    void initTransactions();

    /**
     * Opens a transaction: the records sent until {@link #commitTransaction()} or {@link #abortTransaction()}
     * belong to it. Does not block; the coordinator hears of it with its first record or offsets.
     *
     * @throws IllegalStateException   without initTransactions(), or with a transaction already open
     * @throws ProducerFencedException when fenced
     */
    void beginTransaction();

    /**
     * Adds a consumer's offsets (the offset of the next record to read, per partition) to the open
     * transaction: they are committed for the consumer's group if, and only if, the transaction commits.
     * Pass {@code consumer.groupMetadata()}, so the group coordinator refuses offsets from a member the group
     * has moved on from. Blocks for at most max.block.ms.
     *
     * @throws IllegalStateException    with no transaction open
     * @throws IllegalArgumentException for null offsets or group metadata, or a generation without member id
     * @throws io.petrel.client.ClientException when the group refused them (the transaction must be aborted)
     */
    void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata);

    /**
     * Commits the open transaction: sends every record still held (ignoring linger.ms), waits until each is
     * acknowledged, then has the coordinator commit, and returns once it has. Blocks for at most max.block.ms;
     * after a TimeoutException the commit goes on, and calling this again waits for it.
     *
     * @throws IllegalStateException   with no transaction open
     * @throws ProducerFencedException when fenced: close the producer
     * @throws io.petrel.client.ClientException when the transaction failed (a record failed, say): abort it
     */
    void commitTransaction();

    /**
     * {@link #commitTransaction()} without blocking: the future completes (on the producer's sender thread)
     * once the coordinator committed, or fails as commitTransaction() would throw.
     *
     * @throws IllegalStateException with no transaction open
     */
    CompletableFuture<Void> commitTransactionAsync();

    /**
     * Aborts the open (or failed) transaction: records not sent yet are dropped (their futures fail with
     * {@link TransactionAbortedException}), records sent are marked aborted, so read_committed consumers never
     * see them. Blocks for at most max.block.ms; after a TimeoutException, call again to wait.
     *
     * @throws IllegalStateException   with no transaction open
     * @throws ProducerFencedException when fenced
     */
    void abortTransaction();

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
     * The producer-wide metrics by name, as kafka-clients names them in its {@code producer-metrics} group:
     * record-send-rate/total, record-error-rate/total, record-retry-rate/total, batch-split-rate/total,
     * request-latency-avg/max (ms),
     * batch-size-avg/max, compression-rate-avg, records-per-request-avg, record-queue-time-avg/max,
     * produce-throttle-time-avg/max, buffer-available-bytes, bufferpool-wait-ratio, the connection metrics
     * (request-rate/total, outgoing-byte-rate, connection-count, ...) and byte-rate/total (Petrel's sum over
     * topics). Rates, averages and maxima are windowed as kafka-clients' ({@code metrics.num.samples} windows of
     * {@code metrics.sample.window.ms}); an average or maximum with nothing in the window is NaN. A transactional
     * producer adds transaction-version (Petrel's own): the transactions protocol in use once initTransactions()
     * completed, 1 or 2. {@link #allMetrics()} has the per-topic and per-broker ones too.
     */
    Map<String, Double> metrics();

    /**
     * Every metric with its name, group and tags, as kafka-clients' {@code metrics()} returns them:
     * {@code producer-metrics}, {@code producer-topic-metrics} (tag topic), {@code producer-node-metrics} (tag
     * node-id), each tagged with the client-id. The same metrics are registered over JMX as
     * {@code kafka.producer:type=GROUP,client-id=ID,...}. Values are read when asked for.
     */
    Map<MetricName, ? extends Metric> allMetrics();

    /** Sends what is held, waits for it without limit, and releases everything; an open transaction is aborted. */
    @Override
    void close();

    /**
     * Sends what is held and waits up to {@code timeout}; records not acknowledged by then fail. Called from
     * a callback (the sender thread) it does not wait.
     */
    void close(Duration timeout);
}
