package io.petrel.tools.internal.admin;

import io.petrel.client.TopicPartition;

import java.util.List;

/**
 * A member of a classic group as DescribeGroups describes it, with the partitions its consumer protocol
 * assignment gives it (broker-stub's own group members are another thing).
 *
 * @param memberId        the member id the coordinator gave it
 * @param groupInstanceId its static membership id, or null
 * @param clientId        its client.id
 * @param host            the address it connected from, as the coordinator saw it (e.g. {@code /127.0.0.1})
 * @param assignment      its partitions; empty for a group that is not a consumer group or not yet stable
 */
public record MemberDescription(String memberId, String groupInstanceId, String clientId, String host,
                                List<TopicPartition> assignment) {

    public MemberDescription {
        assignment = List.copyOf(assignment);
    }
}
