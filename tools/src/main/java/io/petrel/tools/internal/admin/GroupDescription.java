package io.petrel.tools.internal.admin;

import java.util.List;

/**
 * A classic group as DescribeGroups reports it.
 *
 * @param groupId      the group id
 * @param state        Stable, PreparingRebalance, CompletingRebalance, Empty or Dead
 * @param protocolType "consumer" for consumer groups
 * @param protocol     the chosen assignor ("range", ...), empty when none
 * @param members      its members
 */
public record GroupDescription(String groupId, String state, String protocolType, String protocol,
                               List<MemberDescription> members) {

    public GroupDescription {
        members = List.copyOf(members);
    }
}
