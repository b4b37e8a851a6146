package io.petrel.broker.internal.group;

import java.util.ArrayList;
import java.util.List;

/**
 * A classic group's membership as it was when the group last settled, as the journal keeps it: the
 * generation, chosen protocol and leader, and each member with its protocols and assignment. A
 * snapshot without members records that the group became Empty (at that generation).
 */
record GroupSnapshot(String groupId, int generationId, String protocolType, String protocolName, String leaderId,
                     List<MemberSnapshot> members) {

    /** One member as the journal keeps it. */
    record MemberSnapshot(String memberId, String groupInstanceId, String clientId, String clientHost,
                          int sessionTimeoutMs, int rebalanceTimeoutMs, List<GroupMember.Protocol> protocols,
                          byte[] assignment) {

        static MemberSnapshot of(GroupMember m) {
            return new MemberSnapshot(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.sessionTimeoutMs(), m.rebalanceTimeoutMs(), m.protocols(), m.assignment());
        }

        /** The member back in a group of this protocol type, its session running from {@code nowMs}. */
        GroupMember toMember(String protocolType, long nowMs) {
            GroupMember m = new GroupMember(memberId, groupInstanceId, clientId, clientHost, protocolType,
                    rebalanceTimeoutMs, sessionTimeoutMs, protocols);
            m.assignment(assignment);
            m.heartbeatDeadline(nowMs + sessionTimeoutMs);
            return m;
        }
    }

    GroupSnapshot {
        members = List.copyOf(members);
    }

    /** The group's current membership (empty members for an Empty group). */
    static GroupSnapshot of(ClassicGroup group) {
        List<MemberSnapshot> members = new ArrayList<>(group.size());
        for (GroupMember m : group.members()) {
            members.add(MemberSnapshot.of(m));
        }
        return new GroupSnapshot(group.groupId(), group.generationId(), group.protocolType(), group.protocolName(),
                group.leaderId(), members);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }
}
