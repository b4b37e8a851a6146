package io.petrel.producer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.PartitionInfo;
import io.petrel.client.Time;
import io.petrel.client.internal.ClusterMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * The metadata lookups of topics whose records wait in {@link PendingRecords}; run by the sender thread.
 *
 * <p>How it works: each pass, every waiting topic without a lookup under way (and past its backoff) gets
 * one ({@link ClusterMetadata#awaitTopic}); the answer comes back through the sender's inbox. Known
 * partitions hand the topic's records on; a retriable failure (the topic does not exist yet, say) is
 * remembered for the timeout message and the topic is asked again after retry.backoff.ms, until its
 * records reach max.block.ms and the sender fails them. A failure no retry fixes (authentication refused,
 * TOPIC_AUTHORIZATION_FAILED) fails the topic's records at once with that error.
 */
final class TopicLookups {
    private static final Logger log = LoggerFactory.getLogger(TopicLookups.class);

    private final ClusterMetadata metadata;
    private final Time time;
    private final long backoffNanos;
    private final ObjIntConsumer<String> topicKnown;
    private final BiConsumer<String, Exception> topicFailed;
    private final Set<String> underWay = new HashSet<>();
    private final Map<String, Long> retryAt = new HashMap<>();
    private final Map<String, Exception> lastErrors = new HashMap<>();

    TopicLookups(ClusterMetadata metadata, Time time, long backoffMs, ObjIntConsumer<String> topicKnown,
                 BiConsumer<String, Exception> topicFailed) {
        this.metadata = metadata;
        this.time = time;
        this.backoffNanos = TimeUnit.MILLISECONDS.toNanos(backoffMs);
        this.topicKnown = topicKnown;
        this.topicFailed = topicFailed;
    }

    /** Starts a lookup for each waiting topic that needs one; answers go to {@code inbox}. */
    void lookUp(Set<String> waitingTopics, long nowNanos, Consumer<Runnable> inbox) {
        for (String topic : waitingTopics) {
            Long at = retryAt.get(topic);
            if (underWay.contains(topic) || (at != null && at - nowNanos > 0)) {
                continue;
            }
            underWay.add(topic);
            await(topic).whenComplete((partitions, error) -> inbox.accept(() -> answered(topic, partitions, error)));
        }
    }

    private CompletableFuture<List<PartitionInfo>> await(String topic) {
        try {
            return metadata.awaitTopic(topic);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void answered(String topic, List<PartitionInfo> partitions, Throwable error) {
        underWay.remove(topic);
        if (error == null && partitions != null && !partitions.isEmpty()) {
            retryAt.remove(topic);
            lastErrors.remove(topic);
            topicKnown.accept(topic, partitions.size());
            return;
        }
        Exception cause = error == null ? new ClientException("Topic " + topic + " has no partitions") : unwrap(error);
        if (cause instanceof ClientException client && !client.isRetriable() && client.getClass() != ClientException.class) {
            retryAt.remove(topic);
            lastErrors.remove(topic);
            topicFailed.accept(topic, cause);
            return;
        }
        log.debug("Metadata for topic {} not available yet: {}", topic, cause.getMessage());
        lastErrors.put(topic, cause);
        retryAt.put(topic, time.nanoseconds() + backoffNanos);
    }

    /** Why the topic's last lookup failed, or null. */
    Exception lastError(String topic) {
        return lastErrors.get(topic);
    }

    /** When the next lookup is due, or Long.MAX_VALUE. */
    long nextLookupNanos() {
        long next = Long.MAX_VALUE;
        for (long at : retryAt.values()) {
            next = Math.min(next, at);
        }
        return next;
    }

    private static Exception unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof Exception e ? e : new ClientException(cause.toString(), cause);
    }
}
