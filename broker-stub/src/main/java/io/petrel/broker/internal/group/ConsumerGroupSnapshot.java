package io.petrel.broker.internal.group;

import java.util.List;
import java.util.Map;

/**
 * A consumer-protocol group as the journal keeps it: its epochs, the assignor of its target, every member (with its
 * subscription, epochs and partitions) and the target assignment, so the group comes back after a restart as it was.
 */
record ConsumerGroupSnapshot(String groupId, int groupEpoch, int targetAssignmentEpoch, String assignorName,
                             List<ConsumerGroupMember> members, Map<String, PartitionAssignment> targetAssignment) {
    ConsumerGroupSnapshot {
        members = List.copyOf(members);
        targetAssignment = Map.copyOf(targetAssignment);
    }
}
