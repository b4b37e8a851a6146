package io.petrel.admin;

import io.petrel.client.TopicPartition;

import java.util.List;

/**
 * A member of a consumer group.
 *
 * @param memberId        the id the coordinator gave it
 * @param groupInstanceId its static membership id, or null
 * @param clientId        its client.id
 * @param host            where it connected from, as the coordinator saw it
 * @param assignment      the partitions assigned to it (empty while the group rebalances)
 */
public record MemberDescription(String memberId, String groupInstanceId, String clientId, String host,
                                List<TopicPartition> assignment) {
    public MemberDescription {
        assignment = List.copyOf(assignment);
    }
}
