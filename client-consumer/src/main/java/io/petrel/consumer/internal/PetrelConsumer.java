package io.petrel.consumer.internal;

import io.petrel.client.internal.CoordinatorType;
import io.petrel.client.internal.CoordinatorLink;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.ConfigException;
import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.PartitionInfo;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.config.ConfiguredInstance;
import io.petrel.client.internal.metrics.ConnectionMetrics;
import io.petrel.client.internal.metrics.MetricRegistry;
import io.petrel.client.Metric;
import io.petrel.client.MetricName;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.consumer.InvalidGroupIdException;
import io.petrel.consumer.SubscriptionPattern;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.protocol.ErrorCode;
import io.petrel.serializers.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Petrel's {@link Consumer}: the application-facing side, run on the application's thread. Named as each
 * client's implementation is, Petrel and the interface it implements ({@code PetrelProducer} likewise).
 *
 * <p>How it works: the network's I/O thread sends fetches ({@link Fetcher}) and buffers their responses
 * in the {@link SubscriptionState}; this class's poll does the work that belongs on the application
 * thread (group membership and rebalance callbacks through {@link GroupMembership}, auto commits,
 * looking up positions through {@link OffsetLookup} and committed offsets), then decodes buffered data
 * into records ({@link FetchCollector}), sends the next fetches before returning so they overlap with
 * the application's processing, and otherwise waits on a {@link ConsumerSignal} that responses and
 * {@link #wakeup()} trip. Blocking calls wait against deadlines on the injected {@link Time} and throw a
 * TimeoutException naming what did not finish. As Kafka's consumer, it is for one thread at a time: a
 * second thread entering gets a ConcurrentModificationException.
 */
public final class PetrelConsumer<K, V> implements Consumer<K, V> {
    private static final Logger log = LoggerFactory.getLogger(PetrelConsumer.class);
    private static final long NO_OWNER = -1;

    private final ConsumerSettings settings;
    private final Time time;
    private final ClientNetwork network;
    private final ConsumerSignal signal;
    private final SubscriptionState subscriptions;
    private final MetricRegistry registry;
    private final ConsumerMetrics metrics;
    private final Fetcher fetcher;
    private final FetchCollector<K, V> collector;
    private final OffsetLookup offsets;
    private final PositionValidator validator;
    private final TopicListing listing;
    private final CoordinatorLink coordinator;
    private final OffsetCommitter committer;
    private final Membership membership;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final ConsumerInterceptors<K, V> interceptors;
    private final AtomicLong owner = new AtomicLong(NO_OWNER);
    private int depth;
    private long nextAutoCommitNanos;
    private volatile boolean closed;

    private PetrelConsumer(ConsumerSettings settings, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer,
                           Time time, ClientNetwork network, MetricRegistry registry) {
        this.settings = settings;
        this.time = time;
        this.network = network;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.interceptors = ConsumerInterceptors.from(settings);
        this.signal = new ConsumerSignal(time);
        this.subscriptions = new SubscriptionState(settings.autoOffsetReset(), settings.groupId() != null);
        this.registry = registry;
        this.metrics = new ConsumerMetrics(registry, subscriptions::assignedCount);
        this.validator = new PositionValidator(network, subscriptions, signal, time, settings);
        this.fetcher = new Fetcher(network, subscriptions, signal, metrics, time, settings, validator);
        this.collector = new FetchCollector<>(subscriptions, keyDeserializer, valueDeserializer, settings.maxPollRecords(),
                metrics);
        this.offsets = new OffsetLookup(network, subscriptions, signal, time, settings);
        this.listing = new TopicListing(network, Duration.ofMillis(settings.requestTimeoutMs()));
        if (settings.groupId() != null) {
            this.coordinator = new CoordinatorLink(network, CoordinatorType.GROUP, settings.groupId(), Duration.ofMillis(settings.requestTimeoutMs()));
            this.committer = new OffsetCommitter(coordinator, network, settings.groupId(),
                    Duration.ofMillis(settings.requestTimeoutMs()));
            this.membership = settings.groupProtocol() == GroupProtocol.CONSUMER
                    ? new ConsumerProtocolMembership(settings, time, network, coordinator, committer, subscriptions,
                            signal, metrics, listing)
                    : new GroupMembership(settings, time, network, coordinator, committer, subscriptions, signal,
                            metrics, listing);
        } else {
            this.coordinator = null;
            this.committer = null;
            this.membership = null;
        }
        this.nextAutoCommitNanos = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.autoCommitIntervalMs());
    }

    /**
     * Builds a consumer from raw settings; deserializers given as instances win over the settings' ones.
     *
     * @throws ConfigException for bad settings or a missing deserializer
     */
    public static <K, V> PetrelConsumer<K, V> create(Map<String, ?> configs, Deserializer<K> keyDeserializer,
                                                     Deserializer<V> valueDeserializer, Time time) {
        ConsumerSettings settings = ConsumerSettings.from(configs);
        Deserializer<K> key = keyDeserializer != null ? keyDeserializer
                : deserializer(settings.keyDeserializer(), "key.deserializer", true, settings);
        Deserializer<V> value = valueDeserializer != null ? valueDeserializer
                : deserializer(settings.valueDeserializer(), "value.deserializer", false, settings);
        MetricRegistry registry = MetricRegistry.forClient(settings.values(), time, settings.clientId(), "kafka.consumer");
        ClientNetwork network = ClientNetwork.create(settings.networkConfig(), time,
                new ConnectionMetrics(registry, "consumer"));
        try {
            return new PetrelConsumer<>(settings, key, value, time, network, registry);
        } catch (RuntimeException e) {
            // A bad assignor setting, say: do not leave the network's I/O threads (or MBeans) behind.
            network.close();
            registry.close();
            throw e;
        }
    }

    /** For tests: a consumer over a given network. */
    static <K, V> PetrelConsumer<K, V> create(Map<String, ?> configs, Deserializer<K> keyDeserializer,
                                              Deserializer<V> valueDeserializer, Time time, ClientNetwork network) {
        ConsumerSettings settings = ConsumerSettings.from(configs);
        return new PetrelConsumer<>(settings, keyDeserializer, valueDeserializer, time, network,
                MetricRegistry.forClient(settings.values(), time, settings.clientId()));
    }

    @SuppressWarnings("unchecked")
    private static <T> Deserializer<T> deserializer(Object configured, String key, boolean isKey, ConsumerSettings settings) {
        if (configured == null) {
            throw new ConfigException("Missing required configuration '" + key + "' which has no default value: "
                    + "give a Deserializer class or instance, or pass deserializers to Consumer.create");
        }
        Deserializer<T> d = (Deserializer<T>) ConfiguredInstance.of(configured, key);
        d.configure(settings.values().originals(), isKey);
        return d;
    }

    // ---- thread confinement ----

    private void acquire() {
        long me = Thread.currentThread().getId();
        if (owner.get() != me && !owner.compareAndSet(NO_OWNER, me)) {
            throw new ConcurrentModificationException("The consumer is not safe for multi-threaded access: thread "
                    + Thread.currentThread().getName() + " called it while another thread was using it");
        }
        depth++;
    }

    private void release() {
        if (--depth == 0) {
            owner.set(NO_OWNER);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This consumer has already been closed");
        }
    }

    private <T> T guarded(Supplier<T> body) {
        acquire();
        try {
            ensureOpen();
            return body.get();
        } finally {
            release();
        }
    }

    private void guardedRun(Runnable body) {
        guarded(() -> {
            body.run();
            return null;
        });
    }

    private long deadline(Duration timeout) {
        long nanos = timeout.toNanos();
        if (nanos < 0) {
            throw new IllegalArgumentException("Timeout must not be negative, got " + timeout);
        }
        long now = time.nanoseconds();
        return nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
    }

    private Duration defaultTimeout() {
        return Duration.ofMillis(settings.defaultApiTimeoutMs());
    }

    private void requireGroup(String operation) {
        if (membership == null) {
            throw new InvalidGroupIdException("To use the group management or offset commit APIs (" + operation
                    + "), you must provide a valid group.id in the consumer configuration");
        }
    }

    // ---- subscription ----

    @Override
    public void subscribe(Collection<String> topics) {
        subscribe(topics, null);
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        guardedRun(() -> {
            requireGroup("subscribe");
            if (topics == null) {
                throw new IllegalArgumentException("Topic collection to subscribe to cannot be null");
            }
            for (String t : topics) {
                if (t == null || t.isBlank()) {
                    throw new IllegalArgumentException("Topic collection to subscribe to cannot contain null or empty topic,"
                            + " got " + topics);
                }
            }
            if (topics.isEmpty()) {
                unsubscribe();
                return;
            }
            subscriptions.subscribe(new HashSet<>(topics), listener);
            topics.forEach(network.metadata()::awaitTopic);
            membership.onSubscriptionChanged();
        });
    }

    @Override
    public void subscribe(Pattern pattern) {
        subscribe(pattern, null);
    }

    @Override
    public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        guardedRun(() -> {
            requireGroup("subscribe");
            if (pattern == null || pattern.pattern().isEmpty()) {
                throw new IllegalArgumentException("Topic pattern to subscribe to cannot be " + (pattern == null ? "null" : "empty"));
            }
            subscriptions.subscribe(pattern, listener);
            membership.onSubscriptionChanged();
        });
    }

    @Override
    public void subscribe(SubscriptionPattern pattern) {
        subscribe(pattern, null);
    }

    @Override
    public void subscribe(SubscriptionPattern pattern, ConsumerRebalanceListener listener) {
        guardedRun(() -> {
            requireGroup("subscribe");
            if (pattern == null) {
                throw new IllegalArgumentException("Topic pattern to subscribe to cannot be null");
            }
            if (settings.groupProtocol() != GroupProtocol.CONSUMER) {
                throw new IllegalStateException("subscribe(SubscriptionPattern) sends the pattern to the broker, which "
                        + "only the consumer group protocol does: set group.protocol=consumer (group.protocol is "
                        + "classic), or use subscribe(java.util.regex.Pattern)");
            }
            subscriptions.subscribe(pattern, listener);
            membership.onSubscriptionChanged();
        });
    }

    @Override
    public void unsubscribe() {
        guardedRun(() -> {
            if (membership != null) {
                membership.leave("the consumer unsubscribed", deadline(defaultTimeout()));
            }
            subscriptions.unsubscribe();
        });
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        guardedRun(() -> {
            if (partitions == null) {
                throw new IllegalArgumentException("Topic partition collection to assign to cannot be null");
            }
            for (TopicPartition tp : partitions) {
                if (tp == null || tp.topic().isBlank()) {
                    throw new IllegalArgumentException("Topic partitions to assign to cannot have null or empty topic,"
                            + " got " + partitions);
                }
            }
            if (membership != null && settings.autoCommit()) {
                commitAsyncInternal(subscriptions.allConsumed());
            }
            subscriptions.assignFromUser(new HashSet<>(partitions));
            partitions.forEach(tp -> network.metadata().awaitTopic(tp.topic()));
        });
    }

    @Override
    public Set<TopicPartition> assignment() {
        return guarded(subscriptions::assignedPartitions);
    }

    @Override
    public Set<String> subscription() {
        return guarded(subscriptions::subscription);
    }

    // ---- poll ----

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        return guarded(() -> {
            if (subscriptions.mode() == SubscriptionState.Mode.NONE) {
                throw new IllegalStateException("Consumer is not subscribed to any topics or assigned any partitions");
            }
            long deadline = deadline(timeout);
            metrics.pollStarted();
            do {
                signal.checkWakeup();
                network.metadata().maybeThrowError();
                long seen = signal.version();
                if (membership != null) {
                    membership.poll(deadline);
                    maybeAutoCommit();
                }
                updatePositions();
                metrics.retainPartitions(subscriptions::assignedPartitions);
                ConsumerRecords<K, V> records = collector.collect();
                fetcher.sendFetches();
                if (!records.isEmpty()) {
                    return interceptors.onConsume(records);
                }
                long remaining = deadline - time.nanoseconds();
                if (remaining <= 0) {
                    break;
                }
                long wait = membership == null ? remaining : Math.min(remaining, membership.nanosUntilNextEvent());
                signal.awaitChange(seen, Math.max(wait, 1));
            } while (time.nanoseconds() - deadline < 0);
            return ConsumerRecords.empty();
        });
    }

    /**
     * Looks up committed offsets for new group assignments and offsets for partitions to reset, and validates
     * positions after leader changes (throwing a LogTruncationException found by an earlier validation).
     */
    private void updatePositions() {
        if (membership != null) {
            membership.refreshCommittedOffsets();
        }
        offsets.resetPositions();
        validator.validatePositions();
    }

    private void maybeAutoCommit() {
        if (!settings.autoCommit()) {
            return;
        }
        long now = time.nanoseconds();
        if (now - nextAutoCommitNanos < 0) {
            return;
        }
        nextAutoCommitNanos = now + TimeUnit.MILLISECONDS.toNanos(settings.autoCommitIntervalMs());
        Map<TopicPartition, OffsetAndMetadata> consumed = subscriptions.allConsumed();
        if (!consumed.isEmpty()) {
            commitAsyncInternal(consumed).whenComplete((r, e) -> {
                if (e == null) {
                    return;
                }
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof BrokerErrorException b && b.error() == ErrorCode.REBALANCE_IN_PROGRESS) {
                    // Not sent during a join (its generation is about to change): the next interval commits them.
                    log.debug("Auto commit of offsets {} waits for the rebalance to complete", consumed);
                } else {
                    log.warn("Auto commit of offsets {} failed: {}", consumed, e.toString());
                }
            });
        }
    }

    // ---- commits ----

    @Override
    public void commitSync() {
        commitSync(defaultTimeout());
    }

    @Override
    public void commitSync(Duration timeout) {
        guardedRun(() -> {
            requireGroup("commitSync");
            commitSyncInternal(subscriptions.allConsumed(), deadline(timeout));
        });
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets, defaultTimeout());
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        guardedRun(() -> {
            requireGroup("commitSync");
            commitSyncInternal(Map.copyOf(offsets), deadline(timeout));
        });
    }

    private void commitSyncInternal(Map<TopicPartition, OffsetAndMetadata> offsets, long deadline) {
        if (offsets.isEmpty()) {
            return;
        }
        retryUntil(deadline, "Committing offsets " + offsets, () -> commitAsyncInternal(offsets));
    }

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commitAsyncInternal(Map<TopicPartition, OffsetAndMetadata> offsets) {
        long started = time.nanoseconds();
        return membership.commit(offsets).whenComplete((r, e) -> {
            if (e == null) {
                metrics.commitCompleted(time.nanoseconds() - started);
                interceptors.onCommit(offsets);
            }
        });
    }

    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commitAsync() {
        return guarded(() -> {
            requireGroup("commitAsync");
            return commitAsyncInternal(subscriptions.allConsumed());
        });
    }

    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return guarded(() -> {
            requireGroup("commitAsync");
            return commitAsyncInternal(Map.copyOf(offsets));
        });
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return committed(partitions, defaultTimeout());
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        return guarded(() -> {
            requireGroup("committed");
            return retryUntil(deadline(timeout), "Fetching committed offsets of " + partitions,
                    () -> committer.fetch(Set.copyOf(partitions)));
        });
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for good, or the deadline passes; retriable failures
     * are tried again after retry.backoff.ms. Wakeup-aware.
     */
    private <T> T retryUntil(long deadline, String what, Supplier<CompletableFuture<T>> attempt) {
        Throwable last = null;
        while (true) {
            CompletableFuture<T> future = attempt.get();
            future.whenComplete((r, e) -> signal.signal());
            signal.awaitUntil(future::isDone, deadline);
            if (!future.isDone()) {
                throw new TimeoutException(what + " did not finish within the timeout"
                        + (last == null ? "" : "; last error: " + last));
            }
            try {
                return future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!isRetriable(cause)) {
                    throw cause instanceof RuntimeException re ? re : new ClientException(what + " failed", cause);
                }
                last = cause;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException(what + " was interrupted", e);
            }
            long backoffEnd = Math.min(deadline, time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs()));
            signal.awaitUntil(() -> time.nanoseconds() - backoffEnd >= 0, backoffEnd);
            if (time.nanoseconds() - deadline >= 0) {
                throw new TimeoutException(what + " did not finish within the timeout; last error: " + last);
            }
        }
    }

    private static boolean isRetriable(Throwable error) {
        if (error instanceof ClientException ce) {
            return ce.isRetriable() || ce.getClass() == ClientException.class;
        }
        return false;
    }

    // ---- positions ----

    @Override
    public long position(TopicPartition partition) {
        return position(partition, defaultTimeout());
    }

    @Override
    public long position(TopicPartition partition, Duration timeout) {
        return guarded(() -> {
            long deadline = deadline(timeout);
            Optional<Long> known = subscriptions.position(partition);
            while (known.isEmpty()) {
                long seen = signal.version();
                updatePositions();
                known = subscriptions.position(partition);
                if (known.isPresent()) {
                    break;
                }
                signal.checkWakeup();
                long remaining = deadline - time.nanoseconds();
                if (remaining <= 0) {
                    throw new TimeoutException("Timeout of " + timeout.toMillis() + " ms expired before the position for "
                            + "partition " + partition + " could be determined");
                }
                signal.awaitChange(seen, remaining);
                known = subscriptions.position(partition);
            }
            return known.get();
        });
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        guardedRun(() -> subscriptions.seek(partition, offset, Optional.empty()));
    }

    @Override
    public void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
        guardedRun(() -> subscriptions.seekUnvalidated(partition, offsetAndMetadata.offset(),
                offsetAndMetadata.leaderEpoch()));
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        guardedRun(() -> subscriptions.requestReset(partitions, AutoOffsetReset.EARLIEST));
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        guardedRun(() -> subscriptions.requestReset(partitions, AutoOffsetReset.LATEST));
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        guardedRun(() -> subscriptions.pause(partitions, true));
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        guardedRun(() -> subscriptions.pause(partitions, false));
    }

    @Override
    public Set<TopicPartition> paused() {
        return guarded(subscriptions::paused);
    }

    // ---- cluster ----

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return guarded(() -> {
            CompletableFuture<List<PartitionInfo>> future = network.metadata().awaitTopic(topic);
            try {
                return await(future, deadline(defaultTimeout()), "Fetching the partitions of topic " + topic);
            } catch (BrokerErrorException e) {
                if (e.error() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                    return List.of();
                }
                throw e;
            }
        });
    }

    @Override
    public Map<String, List<PartitionInfo>> listTopics() {
        return guarded(() -> await(listing.list(settings.excludeInternalTopics()), deadline(defaultTimeout()),
                "Listing topics"));
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return listOffsets(partitions, OffsetLookup.EARLIEST, "beginningOffsets");
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return listOffsets(partitions, OffsetLookup.LATEST, "endOffsets");
    }

    private Map<TopicPartition, Long> listOffsets(Collection<TopicPartition> partitions, long timestamp, String what) {
        return guarded(() -> {
            long deadline = deadline(defaultTimeout());
            Map<TopicPartition, Long> result = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                network.metadata().awaitTopic(tp.topic());
            }
            Map<TopicPartition, Long> pending = new LinkedHashMap<>();
            partitions.forEach(tp -> pending.put(tp, timestamp));
            while (!pending.isEmpty()) {
                Map<TopicPartition, CompletableFuture<OffsetLookup.ListedOffset>> futures = offsets.list(pending);
                CompletableFuture<Void> all = CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new));
                all.whenComplete((r, e) -> signal.signal());
                signal.awaitUntil(all::isDone, deadline);
                futures.forEach((tp, f) -> {
                    if (f.isDone() && !f.isCompletedExceptionally()) {
                        result.put(tp, f.join().offset());
                        pending.remove(tp);
                    }
                });
                if (pending.isEmpty()) {
                    break;
                }
                if (time.nanoseconds() - deadline >= 0) {
                    throw new TimeoutException(what + " of partitions " + pending.keySet() + " timed out after "
                            + settings.defaultApiTimeoutMs() + " ms (default.api.timeout.ms)");
                }
                long backoffEnd = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs());
                signal.awaitUntil(() -> time.nanoseconds() - backoffEnd >= 0, Math.min(deadline, backoffEnd));
            }
            return result;
        });
    }

    private <T> T await(CompletableFuture<T> future, long deadline, String what) {
        if (!signalAwait(future, deadline)) {
            throw new TimeoutException(what + " did not finish within " + settings.defaultApiTimeoutMs()
                    + " ms (default.api.timeout.ms)");
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new ClientException(what + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(what + " was interrupted", e);
        }
    }

    private boolean signalAwait(CompletableFuture<?> future, long deadline) {
        future.whenComplete((r, e) -> signal.signal());
        return signal.awaitUntil(future::isDone, deadline);
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        return guarded(() -> {
            requireGroup("groupMetadata");
            return membership.groupMetadata();
        });
    }

    // ---- misc ----

    @Override
    public void wakeup() {
        signal.wakeup();
    }

    @Override
    public Map<String, Double> metrics() {
        return metrics.snapshot();
    }

    @Override
    public Map<MetricName, ? extends Metric> allMetrics() {
        return registry.metrics();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    @Override
    public void close(Duration timeout) {
        acquire();
        try {
            if (closed) {
                return;
            }
            long deadline = deadline(timeout);
            try {
                if (membership != null) {
                    commitAssignedOnClose(deadline);
                    membership.close(deadline);
                }
            } catch (RuntimeException e) {
                log.warn("Leaving the group on close failed: {}", e.toString());
            } finally {
                closed = true;
                // Kafka's consumer closes its fetch sessions before it disconnects, within the close timeout.
                signalAwait(fetcher.close(), deadline);
                network.close();
                closeQuietly(keyDeserializer);
                closeQuietly(valueDeserializer);
                interceptors.close();
                registry.close();
            }
        } finally {
            release();
        }
    }

    /** With auto commit and a manual assignment, what was consumed is committed on close, as kafka-clients does. */
    private void commitAssignedOnClose(long deadline) {
        if (subscriptions.mode().isGroup() || !settings.autoCommit()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> consumed = subscriptions.allConsumed();
        if (!consumed.isEmpty()) {
            signalAwait(commitAsyncInternal(consumed), deadline);
        }
    }

    private static void closeQuietly(Deserializer<?> deserializer) {
        try {
            deserializer.close();
        } catch (RuntimeException e) {
            log.warn("Closing deserializer {} failed: {}", deserializer, e.toString());
        }
    }
}
