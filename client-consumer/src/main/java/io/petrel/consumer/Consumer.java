package io.petrel.consumer;

import io.petrel.client.PartitionInfo;
import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.Metric;
import io.petrel.client.MetricName;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.config.ConfigSpec;
import io.petrel.consumer.internal.PetrelConsumer;
import io.petrel.serializers.Deserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Reads records from Kafka partitions, either assigned by hand ({@link #assign}) or shared out among the
 * members of a consumer group ({@link #subscribe}), as Kafka's Java consumer does.
 *
 * <p>Not thread-safe: one thread polls, except for {@link #wakeup()}, which any thread may call. Records
 * are fetched in the background while the application processes the last poll's records. Blocking calls
 * without a Duration wait up to {@code default.api.timeout.ms} and then throw
 * {@link io.petrel.client.TimeoutException} naming what did not finish.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Consumer<K, V> extends AutoCloseable {

    /** A builder with typed setters for this consumer's settings. */
    static <K, V> ConsumerBuilder<K, V> builder(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        return new ConsumerBuilder<>(keyDeserializer, valueDeserializer);
    }

    /**
     * A consumer from Kafka-style settings, with key.deserializer and value.deserializer among them (class
     * names, classes or instances).
     *
     * @throws io.petrel.client.ConfigException for an unknown key, a bad value or a missing deserializer
     */
    static <K, V> Consumer<K, V> create(Map<String, ?> configs) {
        return PetrelConsumer.create(configs, null, null, io.petrel.client.Time.SYSTEM);
    }

    /** As {@link #create(Map)}, from Properties. */
    static <K, V> Consumer<K, V> create(Properties properties) {
        return create(ConfigSpec.rawMap(properties));
    }

    /** As {@link #create(Map)}, with the deserializers given as instances (not configured again). */
    static <K, V> Consumer<K, V> create(Map<String, ?> configs, Deserializer<K> keyDeserializer,
                                        Deserializer<V> valueDeserializer) {
        return PetrelConsumer.create(configs, keyDeserializer, valueDeserializer, io.petrel.client.Time.SYSTEM);
    }

    /**
     * Joins the group (at the next poll) to consume these topics, replacing any earlier subscription.
     *
     * @throws InvalidGroupIdException without a group.id
     * @throws IllegalStateException   when partitions were assigned by hand
     */
    void subscribe(Collection<String> topics);

    /** As {@link #subscribe(Collection)}, telling {@code listener} of partitions revoked and assigned. */
    void subscribe(Collection<String> topics, ConsumerRebalanceListener listener);

    /** Subscribes to every topic whose name matches, re-checked on each metadata refresh. */
    void subscribe(Pattern pattern);

    /** As {@link #subscribe(Pattern)}, with a listener. */
    void subscribe(Pattern pattern, ConsumerRebalanceListener listener);

    /**
     * Subscribes to every topic whose name matches a regular expression in RE2J syntax that the broker evaluates
     * (and re-evaluates as topics come and go), as Kafka 4 does; needs group.protocol=consumer.
     *
     * @throws IllegalStateException with group.protocol=classic, or when partitions were assigned by hand
     */
    void subscribe(SubscriptionPattern pattern);

    /** As {@link #subscribe(SubscriptionPattern)}, with a listener. */
    void subscribe(SubscriptionPattern pattern, ConsumerRebalanceListener listener);

    /** Leaves the group (revoking partitions) or drops the manual assignment. */
    void unsubscribe();

    /**
     * Reads exactly these partitions, without a group, replacing any earlier assignment. An empty
     * collection is {@link #unsubscribe()}.
     *
     * @throws IllegalStateException when subscribed to topics
     */
    void assign(Collection<TopicPartition> partitions);

    /** The partitions currently assigned to this consumer. */
    Set<TopicPartition> assignment();

    /** The topics subscribed to (for a pattern, those it matched); empty when assigned by hand. */
    Set<String> subscription();

    /**
     * Returns the records fetched since the last poll, up to max.poll.records, waiting up to
     * {@code timeout} for some. Also runs the group's work that must happen on this thread: rebalance
     * callbacks, auto commits, offset lookups.
     *
     * @throws WakeupException                 after {@link #wakeup()}
     * @throws RecordDeserializationException  when a record cannot be deserialized
     * @throws OffsetOutOfRangeException       with auto.offset.reset=none
     * @throws NoOffsetForPartitionException   with auto.offset.reset=none
     * @throws IllegalStateException           when neither subscribed nor assigned
     */
    ConsumerRecords<K, V> poll(Duration timeout);

    /** Commits the positions of every assigned partition, waiting up to default.api.timeout.ms. */
    void commitSync();

    /** Commits the positions of every assigned partition, waiting up to {@code timeout}. */
    void commitSync(Duration timeout);

    /** Commits these offsets (the next offset to read per partition). */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Commits these offsets, waiting up to {@code timeout}. */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout);

    /** Commits every assigned partition's position; the future completes when the broker answers. */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commitAsync();

    /** Commits these offsets; the future completes when the broker answers, with no later poll needed. */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** The group's committed offsets for these partitions; a partition with none is absent. */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions);

    /** As {@link #committed(Set)}, waiting up to {@code timeout}. */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout);

    /** The offset of the next record poll returns for this assigned partition, looking it up if needed. */
    long position(TopicPartition partition);

    /** As {@link #position(TopicPartition)}, waiting up to {@code timeout}. */
    long position(TopicPartition partition, Duration timeout);

    /** Reads this assigned partition from {@code offset} at the next poll. */
    void seek(TopicPartition partition, long offset);

    /**
     * Reads this assigned partition from {@code offsetAndMetadata}'s offset at the next poll. When it carries the
     * leader epoch of the record before the offset (as committed offsets and {@link ConsumerRecord#leaderEpoch()}
     * give), the position is first validated against the current leader with OffsetForLeaderEpoch, so a log
     * truncated since is detected ({@link LogTruncationException} with auto.offset.reset=none).
     */
    void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata);

    /** Reads these partitions (all assigned ones when empty) from the log start; resolved lazily. */
    void seekToBeginning(Collection<TopicPartition> partitions);

    /** Reads these partitions (all assigned ones when empty) from the log end; resolved lazily. */
    void seekToEnd(Collection<TopicPartition> partitions);

    /** Stops returning records of these assigned partitions until resumed; the group is unaffected. */
    void pause(Collection<TopicPartition> partitions);

    /** Returns records of these partitions again. */
    void resume(Collection<TopicPartition> partitions);

    /** The paused partitions. */
    Set<TopicPartition> paused();

    /** The partitions of a topic, fetching its metadata if needed; empty when it does not exist. */
    List<PartitionInfo> partitionsFor(String topic);

    /** Every topic the consumer may read, with its partitions. */
    Map<String, List<PartitionInfo>> listTopics();

    /** The log start offset of each partition. */
    Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions);

    /** The log end offset (high watermark, or last stable offset with read_committed) of each partition. */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

    /**
     * Makes the blocking call in progress, or the next one, throw {@link WakeupException}. The one
     * method safe to call from another thread.
     */
    void wakeup();

    /**
     * Who this consumer is in its group: group id, generation, member id and group.instance.id. Pass it to a
     * transactional producer's {@code sendOffsetsToTransaction}, so the group coordinator refuses offsets from
     * a member the group has moved on from (a zombie). Generation -1 and member id "" while the consumer is
     * not in a generation (before its first poll, after it left, or with a manual assignment).
     *
     * @throws InvalidGroupIdException without a group.id
     */
    ConsumerGroupMetadata groupMetadata();

    /**
     * The consumer-wide metrics by name, as kafka-clients names them in {@code consumer-fetch-manager-metrics}
     * (records-consumed-rate/total, bytes-consumed-rate/total, fetch-latency-avg/max, fetch-rate/total,
     * records-lag-max, records-lead-min, fetch-throttle-time-avg/max), {@code consumer-coordinator-metrics}
     * (commit-latency-avg/max, commit-rate/total, rebalance-latency-avg/max/total, rebalance-total,
     * rebalance-rate-per-hour, failed-rebalance-total/rate-per-hour, assigned-partitions, heartbeat-rate/total,
     * last-rebalance-seconds-ago, ...; the rebalance ones for either group.protocol, a consumer-protocol rebalance
     * running from the heartbeat answer bringing a new assignment to the end of its reconciliation) and {@code consumer-metrics} (last-poll-seconds-ago,
     * time-between-poll-avg/max and the connection metrics: connection-count, request-rate, incoming-byte-rate,
     * ...). Windowed as kafka-clients' ({@code metrics.num.samples} windows of {@code metrics.sample.window.ms});
     * an average or maximum with nothing in the window is NaN. {@link #allMetrics()} has the per-topic and
     * per-partition ones (records-lag, records-lead) too.
     */
    Map<String, Double> metrics();

    /**
     * Every metric with its name, group and tags, as kafka-clients' {@code metrics()} returns them, each tagged
     * with the client-id; the same metrics are registered over JMX as {@code kafka.consumer:type=GROUP,...}.
     */
    Map<MetricName, ? extends Metric> allMetrics();

    /** {@link #close(Duration)} with 30 seconds. */
    @Override
    void close();

    /** Commits (with auto commit), leaves the group (unless a static member) and closes connections. */
    void close(Duration timeout);
}
