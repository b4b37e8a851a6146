package io.petrel.admin;

import io.petrel.client.Node;

import java.util.List;

/**
 * A consumer group as {@link Admin#describeConsumerGroups} describes it.
 *
 * @param groupId           its id
 * @param state             Stable, PreparingRebalance, CompletingRebalance, Empty or Dead (a group that does not exist)
 * @param protocolType      "consumer" for consumer groups, empty for one without members
 * @param partitionAssignor the chosen assignor ("range", ...), empty when none
 * @param members           its members
 * @param coordinator       its coordinator
 */
public record ConsumerGroupDescription(String groupId, String state, String protocolType, String partitionAssignor,
                                       List<MemberDescription> members, Node coordinator) {
    public ConsumerGroupDescription {
        members = List.copyOf(members);
    }
}
