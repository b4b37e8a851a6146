package io.petrel.consumer.internal.assignor;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor.Assignment;
import io.petrel.consumer.PartitionAssignor.Subscription;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.schemas.ConsumerProtocolAssignment;
import io.petrel.protocol.schemas.ConsumerProtocolSubscription;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes of the classic consumer protocol: the subscription a member puts in JoinGroup's protocol metadata and
 * the assignment the leader puts in SyncGroup, each a 2-byte version followed by the ConsumerProtocolSubscription /
 * ConsumerProtocolAssignment struct of that version.
 *
 * <p>The structs are walked by protocol's {@link MessageSchema}; this class only maps them to and from the
 * assignor records. Encoding follows kafka-clients byte for byte (topics sorted, owned partitions sorted and grouped
 * by topic, assigned partitions grouped by topic in first-seen order), so a Kafka member and a Petrel member
 * send the same bytes for the same subscription. Fields a version lacks are dropped on encode, as Kafka does: they
 * are all ignorable. A version newer than we know is read as the newest we know, since the consumer protocol only
 * ever appends fields; that is what lets old and new clients share a group.
 */
public final class ConsumerProtocolCodec {
    /** The newest subscription version, the one Kafka 4.x clients send. */
    public static final short SUBSCRIPTION_VERSION = 3;
    /** The newest assignment version, the one Kafka 4.x leaders send. */
    public static final short ASSIGNMENT_VERSION = 3;

    private static final Comparator<TopicPartition> TOPIC_THEN_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private ConsumerProtocolCodec() {
    }

    /** Encodes at {@link #SUBSCRIPTION_VERSION}. */
    public static ByteBuffer encodeSubscription(Subscription subscription) {
        return encodeSubscription(subscription, SUBSCRIPTION_VERSION);
    }

    /**
     * The version-prefixed bytes of a subscription at {@code version} (0-3), ready to read. Fields the version does
     * not carry (owned partitions before 1, generation before 2, rack before 3) are left out.
     */
    public static ByteBuffer encodeSubscription(Subscription subscription, short version) {
        checkEncodeVersion(version, "subscription");
        Message message = ConsumerProtocolSubscription.SCHEMA.newMessage();
        List<String> topics = new ArrayList<>(subscription.topics());
        topics.sort(Comparator.naturalOrder());
        message.set(ConsumerProtocolSubscription.TOPICS, topics);
        message.set(ConsumerProtocolSubscription.USER_DATA, bytesOf(subscription.userData()));
        List<TopicPartition> owned = new ArrayList<>(subscription.ownedPartitions());
        owned.sort(TOPIC_THEN_PARTITION);
        message.set(ConsumerProtocolSubscription.OWNED_PARTITIONS, subscriptionPartitions(owned));
        message.set(ConsumerProtocolSubscription.GENERATION_ID, subscription.generationId().orElse(-1));
        message.set(ConsumerProtocolSubscription.RACK_ID, subscription.rackId().orElse(null));
        return versionPrefixed(ConsumerProtocolSubscription.SCHEMA, message, version);
    }

    /**
     * Reads a version-prefixed subscription of any version from the buffer's remaining bytes. A negative generation
     * and an empty or absent rack read as empty, as Kafka reads them.
     *
     * @throws ProtocolException if the bytes are not a subscription
     */
    public static Subscription decodeSubscription(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = readVersion(buf, "subscription", ConsumerProtocolSubscription.SCHEMA);
        Message message = ConsumerProtocolSubscription.SCHEMA.read(buf, version);
        List<TopicPartition> owned = new ArrayList<>();
        for (Message topic : message.get(ConsumerProtocolSubscription.OWNED_PARTITIONS)) {
            String name = topic.get(ConsumerProtocolSubscription.TopicPartition.TOPIC);
            for (int partition : topic.get(ConsumerProtocolSubscription.TopicPartition.PARTITIONS)) {
                owned.add(new TopicPartition(name, partition));
            }
        }
        int generation = message.get(ConsumerProtocolSubscription.GENERATION_ID);
        String rack = message.get(ConsumerProtocolSubscription.RACK_ID);
        return new Subscription(message.get(ConsumerProtocolSubscription.TOPICS),
                bufferOf(message.get(ConsumerProtocolSubscription.USER_DATA)), owned,
                generation < 0 ? Optional.empty() : Optional.of(generation),
                rack == null || rack.isEmpty() ? Optional.empty() : Optional.of(rack));
    }

    /** Encodes at {@link #ASSIGNMENT_VERSION}. */
    public static ByteBuffer encodeAssignment(Assignment assignment) {
        return encodeAssignment(assignment, ASSIGNMENT_VERSION);
    }

    /** The version-prefixed bytes of an assignment at {@code version} (0-3; all versions share one layout). */
    public static ByteBuffer encodeAssignment(Assignment assignment, short version) {
        checkEncodeVersion(version, "assignment");
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : assignment.partitions()) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<Message> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, partitions) -> topics.add(
                Message.of(ConsumerProtocolAssignment.TopicPartition.SCHEMA)
                        .set(ConsumerProtocolAssignment.TopicPartition.TOPIC, topic)
                        .set(ConsumerProtocolAssignment.TopicPartition.PARTITIONS, partitions)));
        Message message = ConsumerProtocolAssignment.SCHEMA.newMessage()
                .set(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS, topics)
                .set(ConsumerProtocolAssignment.USER_DATA, bytesOf(assignment.userData()));
        return versionPrefixed(ConsumerProtocolAssignment.SCHEMA, message, version);
    }

    /**
     * Reads a version-prefixed assignment of any version from the buffer's remaining bytes.
     *
     * @throws ProtocolException if the bytes are not an assignment
     */
    public static Assignment decodeAssignment(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = readVersion(buf, "assignment", ConsumerProtocolAssignment.SCHEMA);
        Message message = ConsumerProtocolAssignment.SCHEMA.read(buf, version);
        List<TopicPartition> partitions = new ArrayList<>();
        for (Message topic : message.get(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS)) {
            String name = topic.get(ConsumerProtocolAssignment.TopicPartition.TOPIC);
            for (int partition : topic.get(ConsumerProtocolAssignment.TopicPartition.PARTITIONS)) {
                partitions.add(new TopicPartition(name, partition));
            }
        }
        return new Assignment(partitions, bufferOf(message.get(ConsumerProtocolAssignment.USER_DATA)));
    }

    private static List<Message> subscriptionPartitions(List<TopicPartition> sorted) {
        List<Message> topics = new ArrayList<>();
        String current = null;
        List<Integer> partitions = null;
        for (TopicPartition tp : sorted) {
            if (!tp.topic().equals(current)) {
                current = tp.topic();
                partitions = new ArrayList<>();
                topics.add(Message.of(ConsumerProtocolSubscription.TopicPartition.SCHEMA)
                        .set(ConsumerProtocolSubscription.TopicPartition.TOPIC, current)
                        .set(ConsumerProtocolSubscription.TopicPartition.PARTITIONS, partitions));
            }
            partitions.add(tp.partition());
        }
        return topics;
    }

    private static ByteBuffer versionPrefixed(MessageSchema schema, Message message, short version) {
        ByteBuffer buf = ByteBuffer.allocate(2 + schema.sizeOf(message, version));
        buf.putShort(version);
        schema.write(message, version, buf);
        return buf.flip();
    }

    private static short readVersion(ByteBuffer buf, String what, MessageSchema schema) {
        if (buf.remaining() < 2) {
            throw new ProtocolException("A consumer protocol " + what + " needs a 2-byte version, but only "
                    + buf.remaining() + " bytes were given");
        }
        short version = buf.getShort();
        if (version < 0) {
            throw new ProtocolException("Unsupported consumer protocol " + what + " version " + version
                    + ": expected 0 or higher");
        }
        return (short) Math.min(version, schema.validVersions().highest());
    }

    private static void checkEncodeVersion(short version, String what) {
        if (version < 0 || version > 3) {
            throw new IllegalArgumentException("Consumer protocol " + what + " version " + version
                    + " cannot be written: expected 0 to 3");
        }
    }

    private static byte[] bytesOf(ByteBuffer userData) {
        if (userData == null) {
            return null;
        }
        ByteBuffer copy = userData.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static ByteBuffer bufferOf(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
