package io.petrel.client.internal.metadata;

import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.client.TopicPartition;
import io.petrel.protocol.ErrorCode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The cluster as last seen: brokers, topics and the cluster id. Immutable, so readers take the current
 * snapshot without locking; each Metadata response makes a new one with {@link #apply}.
 *
 * @param brokers   the brokers by id
 * @param topics    the topics by name
 * @param names     topic names by id
 * @param clusterId the cluster id, or null
 */
record MetadataSnapshot(Map<Integer, Node> brokers, Map<String, TopicMetadata> topics, Map<UUID, String> names,
                        String clusterId) {

    static final MetadataSnapshot EMPTY = new MetadataSnapshot(Map.of(), Map.of(), Map.of(), null);

    /**
     * The result of applying a response.
     *
     * @param snapshot      the new snapshot
     * @param staleEpochSeen whether some partition came back with an older leader epoch than cached (that
     *                       partition was kept as cached; a later refresh should settle it)
     */
    record Applied(MetadataSnapshot snapshot, boolean staleEpochSeen) {
    }

    /**
     * A snapshot with this response's brokers and topics. Topics the response does not mention are kept;
     * topics it reports with an error are dropped; a partition whose leader epoch went backwards (an
     * out-of-date broker answered) keeps its cached state.
     */
    Applied apply(MetadataUpdate update) {
        Map<String, TopicMetadata> newTopics = new HashMap<>(topics);
        boolean stale = false;
        for (MetadataUpdate.TopicResult result : update.topics()) {
            if (result.error() != ErrorCode.NONE) {
                newTopics.remove(result.name());
                continue;
            }
            Merged merged = mergeTopic(topics.get(result.name()), result);
            stale |= merged.keptOlder();
            newTopics.put(result.name(), merged.topic());
        }
        String cluster = update.clusterId() != null ? update.clusterId() : clusterId;
        return new Applied(new MetadataSnapshot(Map.copyOf(update.brokers()), Map.copyOf(newTopics),
                namesOf(newTopics), cluster), stale);
    }

    private static Map<UUID, String> namesOf(Map<String, TopicMetadata> topics) {
        Map<UUID, String> names = new HashMap<>();
        for (TopicMetadata t : topics.values()) {
            if (t.id() != null) {
                names.put(t.id(), t.name());
            }
        }
        return Map.copyOf(names);
    }

    /** A topic merged with its cached state, and whether some cached partition was kept as newer. */
    private record Merged(TopicMetadata topic, boolean keptOlder) {
    }

    private static Merged mergeTopic(TopicMetadata cached, MetadataUpdate.TopicResult result) {
        boolean sameTopic = cached != null && (cached.id() == null || result.id() == null || cached.id().equals(result.id()));
        Map<Integer, PartitionInfo> partitions = new HashMap<>();
        boolean keptOlder = false;
        for (PartitionInfo fresh : result.partitions()) {
            PartitionInfo old = sameTopic ? cached.partitions().get(fresh.partition()) : null;
            boolean backwards = old != null && fresh.leaderEpoch() >= 0 && old.leaderEpoch() > fresh.leaderEpoch();
            keptOlder |= backwards;
            partitions.put(fresh.partition(), backwards ? old : fresh);
        }
        return new Merged(new TopicMetadata(result.name(), result.id(), partitions), keptOlder);
    }

    /**
     * This snapshot with the partition led by {@code leaderId} at {@code leaderEpoch}, and the hinted endpoints
     * added to the brokers; null when the hint is not newer than the cached epoch, or the partition or the leader's
     * endpoint is unknown.
     */
    MetadataSnapshot withLeader(TopicPartition tp, int leaderId, int leaderEpoch, Map<Integer, Node> endpoints) {
        TopicMetadata topic = topics.get(tp.topic());
        PartitionInfo cached = topic == null ? null : topic.partitions().get(tp.partition());
        if (cached == null || leaderEpoch <= cached.leaderEpoch()) {
            return null;
        }
        Map<Integer, Node> newBrokers = new HashMap<>(brokers);
        newBrokers.putAll(endpoints);
        Node leader = newBrokers.get(leaderId);
        if (leader == null) {
            return null;
        }
        Map<Integer, PartitionInfo> partitions = new HashMap<>(topic.partitions());
        partitions.put(tp.partition(), new PartitionInfo(cached.topic(), cached.partition(), leader, leaderEpoch,
                cached.replicas(), cached.inSyncReplicas()));
        Map<String, TopicMetadata> newTopics = new HashMap<>(topics);
        newTopics.put(tp.topic(), new TopicMetadata(topic.name(), topic.id(), partitions));
        return new MetadataSnapshot(Map.copyOf(newBrokers), Map.copyOf(newTopics), names, clusterId);
    }

    TopicMetadata topic(String name) {
        return topics.get(name);
    }

    /** The partitions of a topic that is known and has some. */
    Optional<List<PartitionInfo>> readyPartitions(String name) {
        TopicMetadata t = topics.get(name);
        return t == null || t.partitions().isEmpty() ? Optional.empty() : Optional.of(t.partitionList());
    }
}
