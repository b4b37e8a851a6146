package io.petrel.consumer;

import io.petrel.client.TopicPartition;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which member of a classic consumer group consumes which partition (Kafka's
 * {@code partition.assignment.strategy}).
 *
 * <p>Every member advertises the assignors it supports in JoinGroup, by {@link #name()}; the group coordinator
 * picks a protocol all members support and the elected leader runs that assignor's {@link #assign} over every
 * member's {@link Subscription}. Because Petrel and kafka-clients consumers may share one group and either may be
 * the leader, Petrel's assignors compute the same assignments as Kafka's assignors of the same name.
 *
 * <p>Implementations must be stateless across groups apart from what {@link #onAssignment} records for the
 * member's own next subscription, and must be safe to call from the consumer's thread only.
 */
public interface PartitionAssignor {

    /**
     * The protocol name this assignor is advertised under in JoinGroup, e.g. {@code "range"},
     * {@code "roundrobin"} or {@code "cooperative-sticky"}. Members agree on an assignor by this name.
     */
    String name();

    /**
     * The rebalance protocols this assignor supports, preferred first. {@link RebalanceProtocol#COOPERATIVE}
     * means the assignor never hands a partition from one owner straight to another in one rebalance, so owners
     * keep consuming what they retain. Defaults to {@code [EAGER]}.
     */
    default List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.EAGER);
    }

    /**
     * Extra bytes this member sends in its subscription for this assignor, or {@code null} for none.
     *
     * @param topics the topics the member subscribes to
     */
    default ByteBuffer subscriptionUserData(Set<String> topics) {
        return null;
    }

    /**
     * Runs on the group leader: assigns the partitions of the subscribed topics to the members.
     *
     * @param partitionsPerTopic the partition count of every topic some member subscribes to (topics missing from
     *                           the metadata are absent and get no partitions)
     * @param subscriptions      every member's subscription, by member id
     * @return an assignment for every member id in {@code subscriptions} (possibly with no partitions)
     */
    GroupAssignment assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions);

    /**
     * Called on every member when it receives its assignment, so an assignor may remember state for its next
     * subscription (e.g. the generation).
     *
     * @param assignment   this member's assignment
     * @param generationId the group generation the assignment belongs to
     */
    default void onAssignment(Assignment assignment, int generationId) {
    }

    /** How partitions move between members during a rebalance. */
    enum RebalanceProtocol {
        /** Every member revokes all its partitions before the assignment is computed. */
        EAGER,
        /** Members keep what they retain; moved partitions are first revoked and then assigned in a later round. */
        COOPERATIVE
    }

    /**
     * What a member sends in JoinGroup for an assignor (Kafka's ConsumerProtocolSubscription).
     *
     * @param topics          the subscribed topics
     * @param userData        assignor-specific bytes, or {@code null}
     * @param ownedPartitions the partitions the member owns now (empty for eager members and before version 1)
     * @param generationId    the generation of the owned partitions (version 2+), empty if unknown
     * @param rackId          the member's {@code client.rack} (version 3+), empty if none
     */
    record Subscription(List<String> topics, ByteBuffer userData, List<TopicPartition> ownedPartitions,
                        Optional<Integer> generationId, Optional<String> rackId) {
        public Subscription {
            topics = List.copyOf(topics);
            ownedPartitions = ownedPartitions == null ? List.of() : List.copyOf(ownedPartitions);
            generationId = generationId == null ? Optional.empty() : generationId;
            rackId = rackId == null ? Optional.empty() : rackId;
        }

        /** A subscription with nothing but topics. */
        public Subscription(List<String> topics) {
            this(topics, null, List.of(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * What the leader gives a member (Kafka's ConsumerProtocolAssignment).
     *
     * @param partitions the partitions assigned to the member
     * @param userData   assignor-specific bytes, or {@code null}
     */
    record Assignment(List<TopicPartition> partitions, ByteBuffer userData) {
        public Assignment {
            partitions = List.copyOf(partitions);
        }

        /** An assignment without user data. */
        public Assignment(List<TopicPartition> partitions) {
            this(partitions, null);
        }
    }

    /**
     * The result of {@link #assign}: one assignment per member id.
     *
     * @param assignments by member id
     */
    record GroupAssignment(Map<String, Assignment> assignments) {
        public GroupAssignment {
            assignments = Map.copyOf(assignments);
        }
    }
}
