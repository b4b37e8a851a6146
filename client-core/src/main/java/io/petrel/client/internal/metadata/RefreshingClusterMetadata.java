package io.petrel.client.internal.metadata;

import io.petrel.client.AuthenticationException;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.TopicAuthorizationException;
import io.petrel.client.DisconnectedException;
import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.client.internal.ClusterMetadata;
import io.petrel.client.internal.ExponentialBackoff;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The metadata cache of one client, refreshed through its network.
 *
 * <p><b>What is fetched.</b> Only the topics in use (asked for through {@link #awaitTopic} or
 * {@link #requestUpdate}), at the version negotiated with the broker that answers, with automatic topic
 * creation allowed. Every response replaces the broker list and the topics it describes.
 *
 * <p><b>When.</b> One fetch at a time; requests for updates made while one is in flight are coalesced
 * into the next. A fetch starts when an update was requested, a new topic came into use, or the data is
 * older than metadata.max.age.ms. After a success the next requested update waits retry.backoff.ms
 * (a new topic does not wait); after failures the wait grows exponentially to retry.backoff.max.ms.
 * {@link #poll} is called by the network's timer every few milliseconds and after each event.
 *
 * <p><b>Topic errors.</b> LEADER_NOT_AVAILABLE and other retriable errors (a topic being created) are
 * retried until the caller's own deadline. UNKNOWN_TOPIC_OR_PARTITION is retried for a grace period
 * ({@link ClientNetworkConfig#unknownTopicGrace()}, 1 s by default, covering the lag before a newly
 * created topic reaches every broker); if the topic is still unknown then, it does not exist and the
 * broker will not create it, so its {@link #awaitTopic} futures fail with a (retriable)
 * {@link BrokerErrorException} rather than leaving the caller to wait out max.block.ms as kafka-clients
 * does. Non-retriable errors (INVALID_TOPIC_EXCEPTION, TOPIC_AUTHORIZATION_FAILED, the latter as a
 * {@link TopicAuthorizationException}) fail at once. Failed topics leave the set in use.
 *
 * <p><b>Leader hints.</b> A broker that refuses a partition it no longer leads may name the new leader and its
 * endpoint (KIP-951); {@link #updateLeader} puts that in the snapshot when its leader epoch is newer, so the
 * client goes there at once; the next full refresh replaces it as usual.
 *
 * <p><b>Errors no retry fixes.</b> A fetch that fails with an {@link AuthenticationException} (credentials
 * refused, TLS failed) fails every {@link #awaitTopic} future with it at once; that error and topic
 * authorization failures are also kept for {@link #maybeThrowError} to raise once.
 *
 * <p><b>Threading.</b> Reads take an immutable snapshot from a volatile field and never block. Refresh
 * state is guarded by this object's lock; futures are completed after the lock is released, on the
 * network's I/O thread (or the caller's thread when the topic is already known).
 */
public final class RefreshingClusterMetadata implements ClusterMetadata, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RefreshingClusterMetadata.class);

    /** Sends a Metadata request to any broker that can take it. */
    @FunctionalInterface
    public interface MetadataFetcher {
        CompletableFuture<ClientNetwork.Response> fetch(RequestBody body, Duration timeout);
    }

    private final ClientNetworkConfig config;
    private final Time time;
    private final MetadataFetcher fetcher;
    private final ExponentialBackoff retryBackoff;
    private volatile MetadataSnapshot snapshot = MetadataSnapshot.EMPTY;

    // Guarded by this.
    private final Set<String> topicsInUse = new LinkedHashSet<>();
    private final TopicWaiters waiters = new TopicWaiters();
    private final Map<String, Long> unknownSinceNanos = new HashMap<>();
    private boolean updateRequested;
    private boolean newTopicsPending;
    private boolean fetchInFlight;
    private boolean closed;
    private boolean everUpdated;
    private long lastSuccessNanos;
    private long nextAllowedNanos;
    private int consecutiveFailures;
    private long updates;
    private long leaderHints;
    private ClientException pendingError;

    public RefreshingClusterMetadata(ClientNetworkConfig config, Time time, MetadataFetcher fetcher) {
        this.config = config;
        this.time = time;
        this.fetcher = fetcher;
        this.retryBackoff = new ExponentialBackoff(config.retryBackoff().toMillis(), config.retryBackoffMax().toMillis());
        this.nextAllowedNanos = time.nanoseconds();
    }

    // ---- reads: from the snapshot, never blocking ----

    @Override
    public Optional<List<PartitionInfo>> partitions(String topic) {
        return Optional.ofNullable(snapshot.topic(topic)).map(TopicMetadata::partitionList);
    }

    @Override
    public Optional<UUID> topicId(String topic) {
        return Optional.ofNullable(snapshot.topic(topic)).map(TopicMetadata::id);
    }

    @Override
    public Optional<String> topicName(UUID topicId) {
        return Optional.ofNullable(snapshot.names().get(topicId));
    }

    @Override
    public Optional<PartitionInfo> partition(TopicPartition partition) {
        return Optional.ofNullable(snapshot.topic(partition.topic())).map(t -> t.partitions().get(partition.partition()));
    }

    @Override
    public Optional<Node> leader(TopicPartition partition) {
        return Optional.ofNullable(snapshot.topic(partition.topic()))
                .map(t -> t.partitions().get(partition.partition()))
                .map(PartitionInfo::leader);
    }

    @Override
    public Optional<Node> node(int nodeId) {
        return Optional.ofNullable(snapshot.brokers().get(nodeId));
    }

    /** Every broker of the last response. */
    public List<Node> nodes() {
        return List.copyOf(snapshot.brokers().values());
    }

    @Override
    public Optional<String> clusterId() {
        return Optional.ofNullable(snapshot.clusterId());
    }

    /** How many Metadata responses were applied. */
    public synchronized long updates() {
        return updates;
    }

    @Override
    public boolean updateLeader(TopicPartition partition, int leaderId, int leaderEpoch, Map<Integer, Node> endpoints) {
        synchronized (this) {
            MetadataSnapshot hinted = snapshot.withLeader(partition, leaderId, leaderEpoch, endpoints);
            if (hinted == null) {
                return false;
            }
            snapshot = hinted;
            leaderHints++;
        }
        log.debug("Leader of {} is now node {} at epoch {} (hinted by a broker)", partition, leaderId, leaderEpoch);
        return true;
    }

    /** How many broker leader hints (KIP-951) were applied. */
    public synchronized long leaderHints() {
        return leaderHints;
    }

    // ---- requests for data ----

    @Override
    public CompletableFuture<List<PartitionInfo>> awaitTopic(String topic) {
        CompletableFuture<List<PartitionInfo>> future;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new DisconnectedException("The client is closed"));
            }
            addTopic(topic);
            Optional<List<PartitionInfo>> known = snapshot.readyPartitions(topic);
            if (known.isPresent()) {
                return CompletableFuture.completedFuture(known.get());
            }
            future = waiters.add(topic);
        }
        poll();
        return future;
    }

    @Override
    public void requestUpdate(String... topics) {
        synchronized (this) {
            for (String topic : topics) {
                addTopic(topic);
            }
            updateRequested = true;
        }
        poll();
    }

    private void addTopic(String topic) {
        if (topicsInUse.add(topic)) {
            newTopicsPending = true;
        }
    }

    /** Starts a fetch if one is due and none is in flight. Called by the network's timer and after events. */
    public void poll() {
        List<String> topics;
        synchronized (this) {
            if (closed || fetchInFlight || !due(time.nanoseconds())) {
                return;
            }
            fetchInFlight = true;
            updateRequested = false;
            newTopicsPending = false;
            waiters.pruneDone();
            topics = List.copyOf(topicsInUse);
        }
        log.debug("Fetching metadata for topics {}", topics);
        fetcher.fetch(version -> MetadataRequestBuilder.build(topics, version), config.requestTimeout())
                .whenComplete((response, error) -> onFetched(response, error));
    }

    private boolean due(long now) {
        boolean expired = everUpdated && now - lastSuccessNanos >= config.metadataMaxAge().toNanos();
        if (!updateRequested && !newTopicsPending && !expired) {
            return false;
        }
        boolean skipBackoff = newTopicsPending && consecutiveFailures == 0;
        return skipBackoff || now - nextAllowedNanos >= 0;
    }

    private void onFetched(ClientNetwork.Response response, Throwable error) {
        MetadataUpdate update = null;
        Throwable failure = error;
        if (failure == null) {
            try {
                update = MetadataResponseParser.parse(response.body());
                if (update.error() != ErrorCode.NONE) {
                    failure = new BrokerErrorException(update.error(), "Metadata request to node " + response.nodeId()
                            + " failed");
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            onFailure(failure);
        } else {
            onSuccess(update);
        }
        poll();
    }

    private void onFailure(Throwable error) {
        long backoffMs;
        boolean closing;
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        Map<String, List<CompletableFuture<List<PartitionInfo>>>> failed = Map.of();
        synchronized (this) {
            if (cause instanceof AuthenticationException auth) {
                pendingError = auth;
                failed = waiters.takeAll();
            }
            closing = closed;
            fetchInFlight = false;
            consecutiveFailures++;
            updateRequested = true;
            backoffMs = retryBackoff.backoffMs(consecutiveFailures);
            nextAllowedNanos = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        }
        failed.values().forEach(futures -> futures.forEach(f -> f.completeExceptionally(cause)));
        if (closing) {
            log.debug("Metadata fetch ended by close: {}", error.toString());
        } else {
            log.warn("Metadata fetch failed ({}); retrying in {} ms", error.toString(), backoffMs);
        }
    }

    @Override
    public void maybeThrowError() {
        ClientException error;
        synchronized (this) {
            error = pendingError;
            pendingError = null;
        }
        if (error != null) {
            throw error;
        }
    }

    private void onSuccess(MetadataUpdate update) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            long now = time.nanoseconds();
            fetchInFlight = false;
            consecutiveFailures = 0;
            everUpdated = true;
            updates++;
            if (pendingError instanceof AuthenticationException) {
                pendingError = null;
            }
            lastSuccessNanos = now;
            nextAllowedNanos = now + TimeUnit.MILLISECONDS.toNanos(retryBackoff.initialMs());
            MetadataSnapshot.Applied applied = snapshot.apply(update);
            snapshot = applied.snapshot();
            updateRequested |= applied.staleEpochSeen();
            for (MetadataUpdate.TopicResult topic : update.topics()) {
                handleTopicError(topic, now, completions);
            }
            completions.addAll(waiters.takeReady(snapshot));
        }
        completions.forEach(Runnable::run);
    }

    private void handleTopicError(MetadataUpdate.TopicResult topic, long now, List<Runnable> completions) {
        ErrorCode error = topic.error();
        if (error == ErrorCode.NONE) {
            unknownSinceNanos.remove(topic.name());
            return;
        }
        if (error == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
            long since = unknownSinceNanos.computeIfAbsent(topic.name(), t -> now);
            if (now - since < config.unknownTopicGrace().toNanos()) {
                updateRequested = true;
                return;
            }
            failTopic(topic.name(), new BrokerErrorException(error, "Topic '" + topic.name() + "' was reported unknown for "
                    + TimeUnit.NANOSECONDS.toMillis(now - since) + " ms: it does not exist and the broker did not create it"
                    + " (is auto.create.topics.enable off?)"), completions);
        } else if (error.retriable()) {
            log.debug("Metadata for topic '{}': {}; retrying", topic.name(), error);
            updateRequested = true;
        } else {
            BrokerErrorException failure = BrokerErrorException.forResource(error, topic.name(), "Metadata for topic '"
                    + topic.name() + "' failed: " + error.message());
            if (failure instanceof TopicAuthorizationException) {
                pendingError = failure;
            }
            failTopic(topic.name(), failure, completions);
        }
    }

    private void failTopic(String topic, BrokerErrorException error, List<Runnable> completions) {
        topicsInUse.remove(topic);
        unknownSinceNanos.remove(topic);
        waiters.take(topic).forEach(f -> completions.add(() -> f.completeExceptionally(error)));
    }

    /** Stops refreshing; futures still waiting for topics fail with DisconnectedException. */
    @Override
    public void close() {
        Map<String, List<CompletableFuture<List<PartitionInfo>>>> pending;
        synchronized (this) {
            closed = true;
            pending = waiters.takeAll();
        }
        pending.forEach((topic, futures) -> futures.forEach(f -> f.completeExceptionally(
                new DisconnectedException("The client closed before metadata for topic '" + topic + "' arrived"))));
    }
}
