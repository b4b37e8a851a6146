package io.petrel.admin;

import io.petrel.client.TopicPartition;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A member of a consumer group.
 *
 * @param memberId         the id the coordinator gave it (a consumer-protocol member chose it itself)
 * @param groupInstanceId  its static membership id, or null
 * @param clientId         its client.id
 * @param host             where it connected from, as the coordinator saw it
 * @param assignment       the partitions it owns (empty while a classic group rebalances)
 * @param targetAssignment a consumer group member's target assignment, the partitions it is moving to; empty
 *                         for a member of a classic group
 * @param memberEpoch      a consumer group member's epoch; empty for a member of a classic group
 * @param upgraded         in a consumer group: true for a member speaking the consumer protocol, false for a
 *                         classic member not upgraded yet; empty where the broker does not say (classic groups,
 *                         ConsumerGroupDescribe v0)
 */
public record MemberDescription(String memberId, String groupInstanceId, String clientId, String host,
                                List<TopicPartition> assignment, List<TopicPartition> targetAssignment,
                                OptionalInt memberEpoch, Optional<Boolean> upgraded) {
    public MemberDescription {
        assignment = List.copyOf(assignment);
        targetAssignment = List.copyOf(targetAssignment);
    }

    /** A member of a classic group: no epoch, no target assignment. */
    public static MemberDescription classic(String memberId, String groupInstanceId, String clientId, String host,
                                            List<TopicPartition> assignment) {
        return new MemberDescription(memberId, groupInstanceId, clientId, host, assignment, List.of(),
                OptionalInt.empty(), Optional.empty());
    }
}
