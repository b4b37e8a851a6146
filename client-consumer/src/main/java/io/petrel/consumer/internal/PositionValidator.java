package io.petrel.consumer.internal;

import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.ClusterMetadata;
import io.petrel.consumer.LogTruncationException;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.OffsetForLeaderEpochRequest;
import io.petrel.protocol.schemas.OffsetForLeaderEpochResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Validates positions after leader changes (KIP-320), as kafka-clients' consumer does.
 *
 * <p>How it works: each poll, every assigned partition is told the leader and epoch the metadata names now
 * ({@link PartitionState#leaderSeen}); one whose leader changed and whose position carries the epoch of the last
 * record consumed stops fetching and waits here. For those, one OffsetForLeaderEpoch request goes to each leader,
 * asking where the position's epoch ends in its log, with the leader epoch the consumer knows for fencing. The
 * answer completes the validation ({@link PartitionState#completeValidation}): the position stands, or the log
 * was truncated under it, and then the position moves to the divergent offset (auto.offset.reset earliest or
 * latest) or the next poll throws a {@link LogTruncationException} (auto.offset.reset=none) naming each partition,
 * its fetch position and the divergent offset. Leadership errors in the answer ask for fresh metadata; every
 * failure retries after retry.backoff.ms. Answers that arrive after the partition moved on (seek, reassignment, yet
 * another leader change: its generation changed) are dropped.
 */
final class PositionValidator {
    private static final Logger log = LoggerFactory.getLogger(PositionValidator.class);
    /** The replica id a consumer sends (followers send their broker id). */
    private static final int CONSUMER_REPLICA_ID = -1;

    private final ClientNetwork network;
    private final SubscriptionState subscriptions;
    private final ConsumerSignal signal;
    private final Time time;
    private final ConsumerSettings settings;
    /** Truncations found and not thrown yet; guarded by the subscription lock. */
    private final List<LogTruncation> unreported = new ArrayList<>();

    PositionValidator(ClientNetwork network, SubscriptionState subscriptions, ConsumerSignal signal, Time time,
                      ConsumerSettings settings) {
        this.network = network;
        this.subscriptions = subscriptions;
        this.signal = signal;
        this.time = time;
        this.settings = settings;
    }

    /** One partition of a request: the position and epochs asked about, under which generation. */
    private record Target(PartitionState state, int generation, int currentLeaderEpoch, int positionEpoch) {
    }

    /**
     * Tells each partition's state the leader the metadata names, then sends validations for partitions awaiting
     * one.
     *
     * @throws LogTruncationException when an earlier validation found truncated partitions and auto.offset.reset
     *                                is none
     */
    void validatePositions() {
        Map<Integer, List<Target>> byNode = new LinkedHashMap<>();
        long now = time.nanoseconds();
        ClusterMetadata metadata = network.metadata();
        subscriptions.lock();
        try {
            if (!unreported.isEmpty()) {
                // Their partitions still await validation: the next poll asks again, and throws again until sought.
                List<LogTruncation> truncations = List.copyOf(unreported);
                unreported.clear();
                throw truncationError(truncations);
            }
            subscriptions.forEach(s -> {
                Optional<CurrentLeader> leader = CurrentLeader.of(metadata, s.tp);
                if (leader.isEmpty() || !s.leaderSeen(leader.get().node().id(), leader.get().epoch())
                        || s.lookupInFlight || now - s.backoffUntilNanos < 0) {
                    return;
                }
                s.lookupInFlight = true;
                byNode.computeIfAbsent(leader.get().node().id(), n -> new ArrayList<>())
                        .add(new Target(s, s.generation, leader.get().epoch(), s.lastEpoch.orElse(-1)));
            });
        } finally {
            subscriptions.unlock();
        }
        byNode.forEach(this::send);
    }

    /** Keeps a truncation found elsewhere (a Fetch response's diverging epoch) for the next poll to throw. */
    void report(LogTruncation truncation) {
        subscriptions.lock();
        try {
            unreported.add(truncation);
        } finally {
            subscriptions.unlock();
        }
    }

    private static LogTruncationException truncationError(List<LogTruncation> truncations) {
        Map<TopicPartition, Long> fetchOffsets = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> divergent = new LinkedHashMap<>();
        for (LogTruncation t : truncations) {
            fetchOffsets.put(t.tp(), t.fetchOffset());
            t.divergentOffset().ifPresent(d -> divergent.put(t.tp(), d));
        }
        return new LogTruncationException("Log truncation detected and auto.offset.reset is none: "
                + truncations.stream().map(LogTruncation::describe).collect(Collectors.joining("; "))
                + ". Records consumed past the divergent offset are no longer in the log; seek these partitions to go on",
                fetchOffsets, divergent);
    }

    private void send(int node, List<Target> targets) {
        Map<String, List<Message>> byTopic = new LinkedHashMap<>();
        for (Target t : targets) {
            byTopic.computeIfAbsent(t.state().tp.topic(), k -> new ArrayList<>())
                    .add(Message.of(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.SCHEMA)
                            .set(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.PARTITION, t.state().tp.partition())
                            .set(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.CURRENT_LEADER_EPOCH,
                                    t.currentLeaderEpoch())
                            .set(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.LEADER_EPOCH, t.positionEpoch()));
        }
        List<Message> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(Message.of(OffsetForLeaderEpochRequest.OffsetForLeaderTopic.SCHEMA)
                .set(OffsetForLeaderEpochRequest.OffsetForLeaderTopic.TOPIC, topic)
                .set(OffsetForLeaderEpochRequest.OffsetForLeaderTopic.PARTITIONS, partitions)));
        network.send(node, ApiKey.OFFSET_FOR_LEADER_EPOCH, version -> OffsetForLeaderEpochRequest.SCHEMA.newMessage()
                                .set(OffsetForLeaderEpochRequest.REPLICA_ID, CONSUMER_REPLICA_ID)
                                .set(OffsetForLeaderEpochRequest.TOPICS, topics),
                        Duration.ofMillis(settings.requestTimeoutMs()))
                .whenComplete((response, error) -> {
                    if (error != null) {
                        log.debug("Validating positions with node {} failed: {}; retrying", node, error.toString());
                        network.metadata().requestUpdate();
                        complete(targets, Map.of());
                    } else {
                        complete(targets, results(response.body()));
                    }
                    signal.signal();
                });
    }

    /** Where an epoch ends, or the error, as the leader answered for one partition. */
    private record EpochEnd(ErrorCode error, int epoch, long endOffset) {
    }

    private static Map<TopicPartition, EpochEnd> results(Message body) {
        Map<TopicPartition, EpochEnd> out = new HashMap<>();
        for (Message topic : body.get(OffsetForLeaderEpochResponse.TOPICS)) {
            String name = topic.get(OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult.TOPIC);
            for (Message p : topic.get(OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult.PARTITIONS)) {
                out.put(new TopicPartition(name, p.get(OffsetForLeaderEpochResponse.EpochEndOffset.PARTITION)),
                        new EpochEnd(ErrorCode.forCode(p.get(OffsetForLeaderEpochResponse.EpochEndOffset.ERROR_CODE)),
                                p.get(OffsetForLeaderEpochResponse.EpochEndOffset.LEADER_EPOCH),
                                p.get(OffsetForLeaderEpochResponse.EpochEndOffset.END_OFFSET)));
            }
        }
        return out;
    }

    /** Applies the answers; a partition without one (or the request failed) is retried after the backoff. */
    private void complete(List<Target> targets, Map<TopicPartition, EpochEnd> results) {
        Set<String> stale = new LinkedHashSet<>();
        long retryAt = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs());
        List<LogTruncation> resolved = new ArrayList<>();
        subscriptions.lock();
        try {
            for (Target t : targets) {
                PartitionState s = t.state();
                if (subscriptions.state(s.tp) != s || s.generation != t.generation()
                        || s.phase != PartitionState.Phase.AWAIT_VALIDATION) {
                    continue;
                }
                s.lookupInFlight = false;
                EpochEnd end = results.get(s.tp);
                if (end == null || end.error() != ErrorCode.NONE) {
                    s.backoffUntilNanos = retryAt;
                    if (end != null) {
                        onError(s, end.error(), stale);
                    }
                    continue;
                }
                LogTruncation truncation = s.completeValidation(end.endOffset(), end.epoch(), subscriptions.defaultReset());
                if (truncation == null) {
                    continue;
                }
                if (truncation.resolution() == null) {
                    unreported.add(truncation);
                } else {
                    resolved.add(truncation);
                }
            }
        } finally {
            subscriptions.unlock();
        }
        resolved.forEach(t -> log.info("Truncation detected: {}; auto.offset.reset={} moves the position to {}",
                t.describe(), t.resolution().configValue(),
                t.divergentOffset().map(d -> "the divergent offset " + d.offset()).orElse("the reset offset")));
        if (!stale.isEmpty()) {
            network.metadata().requestUpdate(stale.toArray(String[]::new));
        }
    }

    private static void onError(PartitionState s, ErrorCode error, Set<String> stale) {
        switch (error) {
            case FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION,
                 LEADER_NOT_AVAILABLE, KAFKA_STORAGE_ERROR, REPLICA_NOT_AVAILABLE -> {
                log.debug("Validating the position of {} failed with {}; refreshing metadata", s.tp, error);
                stale.add(s.tp.topic());
            }
            default -> log.warn("Validating the position {} of {} failed with {}: {}; retrying", s.position, s.tp,
                    error, error.message());
        }
    }
}
