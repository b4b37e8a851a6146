package io.petrel.admin;

import io.petrel.client.Node;

import java.util.List;
import java.util.OptionalInt;

/**
 * A consumer group as {@link Admin#describeConsumerGroups} describes it: a classic group (described by
 * DescribeGroups) or a group of Kafka 4's consumer group protocol (described by ConsumerGroupDescribe).
 *
 * @param groupId               its id
 * @param state                 classic: Stable, PreparingRebalance, CompletingRebalance, Empty or Dead (a group
 *                              that does not exist); consumer: Empty, Assigning, Reconciling, Stable or Dead
 * @param protocolType          "consumer" for consumer groups of either kind, empty for a classic group without
 *                              members
 * @param partitionAssignor     the chosen assignor ("range", "uniform", ...), empty when none
 * @param members               its members
 * @param coordinator           its coordinator
 * @param type                  CLASSIC or CONSUMER
 * @param groupEpoch            a consumer group's epoch; empty for a classic group
 * @param targetAssignmentEpoch the epoch of a consumer group's target assignment; empty for a classic group
 */
public record ConsumerGroupDescription(String groupId, String state, String protocolType, String partitionAssignor,
                                       List<MemberDescription> members, Node coordinator, GroupType type,
                                       OptionalInt groupEpoch, OptionalInt targetAssignmentEpoch) {
    public ConsumerGroupDescription {
        members = List.copyOf(members);
    }

    /** A classic group, as DescribeGroups describes it: no epochs. */
    public static ConsumerGroupDescription classic(String groupId, String state, String protocolType,
                                                   String partitionAssignor, List<MemberDescription> members,
                                                   Node coordinator) {
        return new ConsumerGroupDescription(groupId, state, protocolType, partitionAssignor, members, coordinator,
                GroupType.CLASSIC, OptionalInt.empty(), OptionalInt.empty());
    }
}
