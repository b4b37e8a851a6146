package io.petrel.consumer.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.Node;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.NoOffsetForPartitionException;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ListOffsetsRequest;
import io.petrel.protocol.schemas.ListOffsetsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Looks offsets up with ListOffsets: the earliest or latest offset of partitions whose position must be
 * reset (auto.offset.reset, seekToBeginning/End), and beginningOffsets/endOffsets for the application.
 *
 * <p>How it works: partitions are grouped by leader and one request goes to each. Resets are
 * asynchronous: {@link #resetPositions} sends lookups for partitions waiting for one and returns; a
 * response's answers are applied together, each seeking its partition unless its state moved on meanwhile
 * (its generation changed), and then wake the application thread. A partition whose leader is unknown or
 * whose lookup failed is retried after retry.backoff.ms with fresh metadata.
 */
final class OffsetLookup {
    private static final Logger log = LoggerFactory.getLogger(OffsetLookup.class);
    static final long EARLIEST = -2L;
    static final long LATEST = -1L;

    private final ClientNetwork network;
    private final SubscriptionState subscriptions;
    private final ConsumerSignal signal;
    private final Time time;
    private final ConsumerSettings settings;

    OffsetLookup(ClientNetwork network, SubscriptionState subscriptions, ConsumerSignal signal, Time time,
                 ConsumerSettings settings) {
        this.network = network;
        this.subscriptions = subscriptions;
        this.signal = signal;
        this.time = time;
        this.settings = settings;
    }

    /** An offset a broker listed, with the leader epoch of its record when known. */
    record ListedOffset(long offset, Optional<Integer> leaderEpoch) {
    }

    /**
     * Sends lookups for partitions awaiting a reset.
     *
     * @throws NoOffsetForPartitionException for partitions whose strategy is NONE
     */
    void resetPositions() {
        Map<TopicPartition, Long> wanted = new LinkedHashMap<>();
        Map<TopicPartition, Integer> generations = new HashMap<>();
        Set<TopicPartition> noPolicy = new LinkedHashSet<>();
        long now = time.nanoseconds();
        subscriptions.lock();
        try {
            subscriptions.forEach(s -> {
                if (s.phase != PartitionState.Phase.AWAIT_RESET || s.lookupInFlight || now - s.backoffUntilNanos < 0) {
                    return;
                }
                if (s.reset == AutoOffsetReset.NONE) {
                    noPolicy.add(s.tp);
                    return;
                }
                wanted.put(s.tp, s.reset == AutoOffsetReset.EARLIEST ? EARLIEST : LATEST);
                generations.put(s.tp, s.generation);
                s.lookupInFlight = true;
            });
        } finally {
            subscriptions.unlock();
        }
        if (!noPolicy.isEmpty()) {
            throw new NoOffsetForPartitionException(noPolicy);
        }
        if (wanted.isEmpty()) {
            return;
        }
        for (Map<TopicPartition, CompletableFuture<ListedOffset>> request : requests(wanted)) {
            CompletableFuture.allOf(request.values().toArray(CompletableFuture[]::new))
                    .whenComplete((r, e) -> applyResets(request, generations));
        }
    }

    /**
     * Applies one request's answers under one hold of the state lock, then wakes the application thread once. So a
     * fetch planned meanwhile sees all of them or none, and the fetch session's first, full fetch names every partition
     * that one ListOffsets response positioned (applied one at a time, a fetch planned between two of them named only
     * those before: 17 of 300 in an interop run against Kafka); and partitions that failed together retry together.
     */
    private void applyResets(Map<TopicPartition, CompletableFuture<ListedOffset>> answers,
                             Map<TopicPartition, Integer> generations) {
        Map<TopicPartition, Throwable> failed = new LinkedHashMap<>();
        subscriptions.lock();
        try {
            long retryAt = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs());
            answers.forEach((tp, answer) -> {
                PartitionState s = subscriptions.state(tp);
                if (s == null || s.generation != generations.get(tp) || s.phase != PartitionState.Phase.AWAIT_RESET) {
                    return;
                }
                s.lookupInFlight = false;
                try {
                    ListedOffset offset = answer.join();
                    s.seek(offset.offset(), offset.leaderEpoch());
                } catch (CompletionException e) {
                    s.backoffUntilNanos = retryAt;
                    failed.put(tp, e.getCause());
                }
            });
        } finally {
            subscriptions.unlock();
        }
        failed.forEach((tp, error) -> log.debug("Offset reset lookup for {} failed: {}; retrying", tp,
                error.toString()));
        signal.signal();
    }

    /** Per partition, a future of the offset for its timestamp (-2 earliest, -1 latest). */
    Map<TopicPartition, CompletableFuture<ListedOffset>> list(Map<TopicPartition, Long> timestamps) {
        Map<TopicPartition, CompletableFuture<ListedOffset>> out = new LinkedHashMap<>();
        requests(timestamps).forEach(out::putAll);
        return out;
    }

    /**
     * Sends the lookups of {@code timestamps}, one request per leader; returns each request's futures, which its
     * response completes together, and one more group for partitions without a known leader, failed at once.
     *
     * <p>Each topic's leaders come from one read of the metadata: read per partition, a refresh landing midway
     * (a topic's first metadata arriving while a reset waits for it) split the partitions into a request sent now
     * and a group retried after retry.backoff.ms, and the fetch session's first, full fetch then named only the
     * first group (about 170 of 300 partitions in a CI run against Kafka).
     */
    private List<Map<TopicPartition, CompletableFuture<ListedOffset>>> requests(Map<TopicPartition, Long> timestamps) {
        Map<TopicPartition, CompletableFuture<ListedOffset>> leaderless = new LinkedHashMap<>();
        Map<Integer, Map<TopicPartition, Long>> byNode = new LinkedHashMap<>();
        Map<String, Map<Integer, Node>> leadersByTopic = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : timestamps.entrySet()) {
            TopicPartition tp = e.getKey();
            Optional<Node> leader = Optional.ofNullable(
                    leadersByTopic.computeIfAbsent(tp.topic(), this::leaders).get(tp.partition()));
            if (leader.isEmpty()) {
                leaderless.put(tp, CompletableFuture.failedFuture(
                        new ClientException("No known leader for partition " + tp)));
                continue;
            }
            byNode.computeIfAbsent(leader.get().id(), n -> new LinkedHashMap<>()).put(tp, e.getValue());
        }
        leaderless.keySet().stream().map(TopicPartition::topic).distinct().forEach(topic -> {
            network.metadata().awaitTopic(topic);
            network.metadata().requestUpdate(topic);
        });
        List<Map<TopicPartition, CompletableFuture<ListedOffset>>> requests = new ArrayList<>();
        if (!leaderless.isEmpty()) {
            requests.add(leaderless);
        }
        byNode.forEach((node, partitions) -> {
            Map<TopicPartition, CompletableFuture<ListedOffset>> futures = new LinkedHashMap<>();
            partitions.keySet().forEach(tp -> futures.put(tp, new CompletableFuture<>()));
            requests.add(futures);
            send(node, partitions, futures);
        });
        return requests;
    }

    /** The topic's partitions that have a leader, by index, as one metadata read knows them (empty if unknown). */
    private Map<Integer, Node> leaders(String topic) {
        Map<Integer, Node> leaders = new HashMap<>();
        network.metadata().partitions(topic).orElse(List.of()).forEach(p -> {
            if (p.leader() != null) {
                leaders.put(p.partition(), p.leader());
            }
        });
        return leaders;
    }

    private void send(int node, Map<TopicPartition, Long> partitions, Map<TopicPartition, CompletableFuture<ListedOffset>> out) {
        Map<String, List<Message>> byTopic = new LinkedHashMap<>();
        partitions.forEach((tp, ts) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(Message.of(ListOffsetsRequest.ListOffsetsPartition.SCHEMA)
                        .set(ListOffsetsRequest.ListOffsetsPartition.PARTITION_INDEX, tp.partition())
                        .set(ListOffsetsRequest.ListOffsetsPartition.TIMESTAMP, ts)));
        List<Message> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(Message.of(ListOffsetsRequest.ListOffsetsTopic.SCHEMA)
                .set(ListOffsetsRequest.ListOffsetsTopic.NAME, t).set(ListOffsetsRequest.ListOffsetsTopic.PARTITIONS, ps)));
        network.send(node, ApiKey.LIST_OFFSETS, version -> ListOffsetsRequest.SCHEMA.newMessage()
                        .set(ListOffsetsRequest.REPLICA_ID, -1)
                        .set(ListOffsetsRequest.ISOLATION_LEVEL, settings.isolationLevel().wireValue())
                        .set(ListOffsetsRequest.TOPICS, topics)
                        .set(ListOffsetsRequest.TIMEOUT_MS, settings.requestTimeoutMs()),
                Duration.ofMillis(settings.requestTimeoutMs())).whenComplete((response, error) -> {
                    if (error != null) {
                        network.metadata().requestUpdate();
                        partitions.keySet().forEach(tp -> out.get(tp).completeExceptionally(error));
                        return;
                    }
                    complete(response.body(), partitions.keySet(), out);
                });
    }

    private void complete(Message body, Collection<TopicPartition> asked, Map<TopicPartition, CompletableFuture<ListedOffset>> out) {
        for (Message topic : body.get(ListOffsetsResponse.TOPICS)) {
            String name = topic.get(ListOffsetsResponse.ListOffsetsTopicResponse.NAME);
            for (Message p : topic.get(ListOffsetsResponse.ListOffsetsTopicResponse.PARTITIONS)) {
                TopicPartition tp = new TopicPartition(name, p.get(ListOffsetsResponse.ListOffsetsPartitionResponse.PARTITION_INDEX));
                CompletableFuture<ListedOffset> future = out.get(tp);
                if (future == null) {
                    continue;
                }
                ErrorCode error = ErrorCode.forCode(p.get(ListOffsetsResponse.ListOffsetsPartitionResponse.ERROR_CODE));
                if (error != ErrorCode.NONE) {
                    if (error.retriable()) {
                        network.metadata().requestUpdate(name);
                    }
                    future.completeExceptionally(BrokerErrorException.forResource(error, tp.topic(), "ListOffsets for " + tp
                            + " failed"));
                    continue;
                }
                int epoch = p.get(ListOffsetsResponse.ListOffsetsPartitionResponse.LEADER_EPOCH);
                future.complete(new ListedOffset(p.get(ListOffsetsResponse.ListOffsetsPartitionResponse.OFFSET),
                        epoch >= 0 ? Optional.of(epoch) : Optional.empty()));
            }
        }
        for (TopicPartition tp : asked) {
            out.get(tp).completeExceptionally(new ClientException("ListOffsets response did not mention " + tp));
        }
    }
}
