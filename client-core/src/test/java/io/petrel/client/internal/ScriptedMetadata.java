package io.petrel.client.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.client.TopicPartition;
import io.petrel.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster metadata of a {@link ScriptedNetwork}: the topics a test declares, each partition led by a node the
 * test names (node {@code n} is {@code localhost:9000+n}) with one replica. A test may move a leader; the move
 * applies at the next {@link #requestUpdate}, as a real refresh would, and until then the old leader may be made
 * to refuse the partition ({@link #leaderRefusesBeforeUpdate}). {@link #updates} counts the refreshes asked for.
 */
public final class ScriptedMetadata implements ClusterMetadata {
    private final Map<String, UUID> ids = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Integer> leaders = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Integer> epochs = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Integer> pendingMoves = new ConcurrentHashMap<>();
    private final Set<TopicPartition> refusing = ConcurrentHashMap.newKeySet();
    private final AtomicInteger updates = new AtomicInteger();
    private final AtomicInteger leaderHints = new AtomicInteger();
    private volatile Runnable beforeRead = () -> { };

    /** Declares {@code topic} with {@code partitions} partitions, all led by node {@code leader}. */
    public ScriptedMetadata topic(String topic, int partitions, int leader) {
        ids.put(topic, UUID.randomUUID());
        for (int p = 0; p < partitions; p++) {
            leaders.put(new TopicPartition(topic, p), leader);
            epochs.put(new TopicPartition(topic, p), 0);
        }
        return this;
    }

    /** Until the next update, the partition's current leader refuses it (a handler checks {@link #refuses}). */
    public void leaderRefusesBeforeUpdate(TopicPartition tp) {
        refusing.add(tp);
    }

    /** Whether the partition's current leader refuses it. */
    public boolean refuses(TopicPartition tp) {
        return refusing.contains(tp);
    }

    /** The partition's leader becomes {@code node} (and its leader epoch goes up) at the next update. */
    public void moveLeaderOnNextUpdate(TopicPartition tp, int node) {
        pendingMoves.put(tp, node);
    }

    /**
     * Runs {@code action} before each read of partitions or leaders, on the reading thread: a test makes a refresh
     * land in the middle of the code under test's reads (declaring a topic on the n-th read, say).
     */
    public void beforeEachRead(Runnable action) {
        beforeRead = action;
    }

    /** How many times the code under test asked for a refresh. */
    public int updates() {
        return updates.get();
    }

    /** How many leader hints (KIP-951) the code under test applied. */
    public int leaderHints() {
        return leaderHints.get();
    }

    /** The partition's current leader epoch. */
    public int leaderEpoch(TopicPartition tp) {
        return epochs.getOrDefault(tp, -1);
    }

    /** The node with id {@code id}: {@code localhost:9000+id}. */
    public static Node nodeOf(int id) {
        return new Node(id, "localhost", 9000 + id, null);
    }

    @Override
    public Optional<List<PartitionInfo>> partitions(String topic) {
        beforeRead.run();
        if (!ids.containsKey(topic)) {
            return Optional.empty();
        }
        List<PartitionInfo> out = new ArrayList<>();
        leaders.forEach((tp, leader) -> {
            if (tp.topic().equals(topic)) {
                Node node = nodeOf(leader);
                out.add(new PartitionInfo(topic, tp.partition(), node, epochs.get(tp), List.of(node), List.of(node)));
            }
        });
        out.sort(Comparator.comparingInt(PartitionInfo::partition));
        return Optional.of(List.copyOf(out));
    }

    @Override
    public Optional<UUID> topicId(String topic) {
        return Optional.ofNullable(ids.get(topic));
    }

    @Override
    public Optional<String> topicName(UUID topicId) {
        return ids.entrySet().stream().filter(e -> e.getValue().equals(topicId)).map(Map.Entry::getKey).findFirst();
    }

    @Override
    public Optional<Node> leader(TopicPartition partition) {
        beforeRead.run();
        return Optional.ofNullable(leaders.get(partition)).map(ScriptedMetadata::nodeOf);
    }

    @Override
    public Optional<Node> node(int nodeId) {
        return Optional.of(nodeOf(nodeId));
    }

    /** At once: the topic's partitions, or UNKNOWN_TOPIC_OR_PARTITION for a topic the test did not declare. */
    @Override
    public CompletableFuture<List<PartitionInfo>> awaitTopic(String topic) {
        return partitions(topic).map(CompletableFuture::completedFuture).orElseGet(() -> CompletableFuture.failedFuture(
                new BrokerErrorException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Topic " + topic + " does not exist")));
    }

    /** Applies the pending leader moves and ends the refusals, and counts the update. */
    @Override
    public void requestUpdate(String... topics) {
        updates.incrementAndGet();
        pendingMoves.forEach((tp, node) -> {
            leaders.put(tp, node);
            epochs.merge(tp, 1, Integer::sum);
        });
        pendingMoves.clear();
        refusing.clear();
    }

    /** A hint with a newer epoch moves the leader at once (endpoints are implied: node n is localhost:9000+n). */
    @Override
    public synchronized boolean updateLeader(TopicPartition partition, int leaderId, int leaderEpoch,
                                             Map<Integer, Node> endpoints) {
        Integer cached = epochs.get(partition);
        if (cached == null || leaderEpoch <= cached) {
            return false;
        }
        leaders.put(partition, leaderId);
        epochs.put(partition, leaderEpoch);
        pendingMoves.remove(partition);
        refusing.remove(partition);
        leaderHints.incrementAndGet();
        return true;
    }

    @Override
    public Optional<String> clusterId() {
        return Optional.of("scripted");
    }
}
