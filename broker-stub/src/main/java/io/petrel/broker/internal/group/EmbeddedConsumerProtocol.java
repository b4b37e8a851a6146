package io.petrel.broker.internal.group;

import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerProtocolAssignment;
import io.petrel.protocol.schemas.ConsumerProtocolSubscription;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The consumer protocol embedded in classic groups' JoinGroup metadata and SyncGroup assignments (a 2-byte version,
 * then ConsumerProtocolSubscription / ConsumerProtocolAssignment of that version), read and written by the broker
 * where it must understand them itself: a classic group's subscriptions, and classic members living in a consumer
 * group (online migration), whose assignment the broker computes and hands out through SyncGroup. A version newer
 * than the schemas know is read as the newest known, since the consumer protocol only appends fields.
 */
final class EmbeddedConsumerProtocol {
    /** A member's subscription: topics by name, the partitions it says it owns (by topic name), its rack or null. */
    record Subscription(List<String> topics, Map<String, SortedSet<Integer>> owned, String rackId) {
    }

    private EmbeddedConsumerProtocol() {
    }

    /**
     * Reads a version-prefixed subscription.
     *
     * @throws IllegalArgumentException if the bytes are not one
     */
    static Subscription subscription(byte[] metadata) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(metadata);
            short version = readableVersion(buf.getShort(),
                    ConsumerProtocolSubscription.SCHEMA.validVersions().highest());
            Message m = ConsumerProtocolSubscription.SCHEMA.read(buf, version);
            List<String> topics = m.get(ConsumerProtocolSubscription.TOPICS);
            Map<String, SortedSet<Integer>> owned = new TreeMap<>();
            List<Message> ownedTopics = version >= 1 ? m.get(ConsumerProtocolSubscription.OWNED_PARTITIONS) : null;
            if (ownedTopics != null) {
                for (Message t : ownedTopics) {
                    String topic = t.get(ConsumerProtocolSubscription.TopicPartition.TOPIC);
                    owned.computeIfAbsent(topic, k -> new TreeSet<>())
                            .addAll(t.get(ConsumerProtocolSubscription.TopicPartition.PARTITIONS));
                }
            }
            String rack = version >= 3 ? m.get(ConsumerProtocolSubscription.RACK_ID) : null;
            return new Subscription(topics == null ? List.of() : List.copyOf(topics), owned,
                    rack == null || rack.isEmpty() ? null : rack);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Unreadable consumer protocol subscription ("
                    + (metadata == null ? "null" : metadata.length + " bytes") + "): " + e.getMessage(), e);
        }
    }

    /**
     * Reads a version-prefixed assignment as partitions by topic name; empty bytes are an empty assignment.
     *
     * @throws IllegalArgumentException if the bytes are not one
     */
    static Map<String, SortedSet<Integer>> assignment(byte[] bytes) {
        Map<String, SortedSet<Integer>> partitions = new TreeMap<>();
        if (bytes == null || bytes.length == 0) {
            return partitions;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            short version = readableVersion(buf.getShort(),
                    ConsumerProtocolAssignment.SCHEMA.validVersions().highest());
            Message m = ConsumerProtocolAssignment.SCHEMA.read(buf, version);
            for (Message t : m.get(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS)) {
                partitions.computeIfAbsent(t.get(ConsumerProtocolAssignment.TopicPartition.TOPIC), k -> new TreeSet<>())
                        .addAll(t.get(ConsumerProtocolAssignment.TopicPartition.PARTITIONS));
            }
            return partitions;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Unreadable consumer protocol assignment (" + bytes.length + " bytes): "
                    + e.getMessage(), e);
        }
    }

    /** The version a member's metadata is written at (its assignment is written at the same), 0 if unreadable. */
    static short version(byte[] metadata) {
        return metadata == null || metadata.length < 2 ? 0 : (short) Math.max(0, ByteBuffer.wrap(metadata).getShort());
    }

    /** The version-prefixed bytes of an assignment at {@code version} (newer versions are written as the newest). */
    static byte[] assignment(Map<String, SortedSet<Integer>> partitions, short version) {
        short writable = readableVersion(version, ConsumerProtocolAssignment.SCHEMA.validVersions().highest());
        List<Message> topics = new ArrayList<>(partitions.size());
        partitions.forEach((topic, ps) -> topics.add(Message.of(ConsumerProtocolAssignment.TopicPartition.SCHEMA)
                .set(ConsumerProtocolAssignment.TopicPartition.TOPIC, topic)
                .set(ConsumerProtocolAssignment.TopicPartition.PARTITIONS, List.copyOf(ps))));
        Message m = ConsumerProtocolAssignment.SCHEMA.newMessage()
                .set(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS, topics)
                .set(ConsumerProtocolAssignment.USER_DATA, null);
        ByteBuffer buf = ByteBuffer.allocate(2 + ConsumerProtocolAssignment.SCHEMA.sizeOf(m, writable));
        buf.putShort(version);
        ConsumerProtocolAssignment.SCHEMA.write(m, writable, buf);
        return buf.array();
    }

    /** Partitions by topic name as partitions by topic id; topics the broker does not know are left out. */
    static PartitionAssignment byId(Map<String, SortedSet<Integer>> byName, TopicIdsAndPartitions topics) {
        PartitionAssignment.Builder b = new PartitionAssignment.Builder();
        byName.forEach((name, ps) -> topics.topicId(name).ifPresent(id -> ps.forEach(p -> b.add(id, p))));
        return b.build();
    }

    /** Partitions by topic id as partitions by topic name; topics gone since are left out. */
    static Map<String, SortedSet<Integer>> byName(PartitionAssignment byId, TopicIdsAndPartitions topics) {
        Map<String, SortedSet<Integer>> out = new TreeMap<>();
        for (Map.Entry<UUID, SortedSet<Integer>> e : byId.partitions().entrySet()) {
            topics.topicName(e.getKey()).ifPresent(name -> out.put(name, new TreeSet<>(e.getValue())));
        }
        return out;
    }

    private static short readableVersion(short version, short highest) {
        if (version < 0) {
            throw new IllegalArgumentException("negative version " + version);
        }
        return (short) Math.min(version, highest);
    }
}
