package io.petrel.broker.internal.group;

import java.util.List;

/**
 * A member of a consumer-protocol group (KIP-848), immutable: who it is, what it subscribes to, and where its
 * reconciliation stands. {@code assigned} is what it may consume at {@code memberEpoch}; {@code pendingRevocation}
 * is what it still owns but must give up before moving on. Both count as owned by the member, so no other member is
 * given them meanwhile. A static member that left with epoch -2 keeps its assignment until its session expires.
 * {@code assignmentEpochs} says at which epoch it was given each partition it holds (for OffsetCommit's check).
 *
 * @param subscribedTopicNames the topics named in its subscription (empty with a regex subscription)
 * @param subscribedTopicRegex its RE2J subscription, or null
 * @param serverAssignor       the assignor it asked for, or null for the group's default
 * @param classic              for a member speaking the classic protocol (JoinGroup, SyncGroup, Heartbeat) in the
 *                             group since an online upgrade, its session timeout and protocols; null for a
 *                             consumer-protocol member
 */
record ConsumerGroupMember(String memberId, String instanceId, String rackId, String clientId, String clientHost,
                           List<String> subscribedTopicNames, String subscribedTopicRegex, String serverAssignor,
                           int rebalanceTimeoutMs, int memberEpoch, int previousMemberEpoch,
                           MemberReconciliationState state, PartitionAssignment assigned,
                           PartitionAssignment pendingRevocation, AssignmentEpochs assignmentEpochs,
                           ClassicMemberMetadata classic) {

    /** The epoch of a static member that left and may come back (its assignment is kept for it). */
    static final int LEFT_STATIC_EPOCH = -2;

    ConsumerGroupMember {
        subscribedTopicNames = List.copyOf(subscribedTopicNames);
    }

    /** A member joining at epoch 0 with nothing assigned. */
    static ConsumerGroupMember joining(String memberId, String instanceId, String clientId, String clientHost) {
        return new ConsumerGroupMember(memberId, instanceId, null, clientId, clientHost, List.of(), null, null, -1, 0,
                0, MemberReconciliationState.STABLE, PartitionAssignment.EMPTY, PartitionAssignment.EMPTY,
                AssignmentEpochs.NONE, null);
    }

    /** Whether it speaks the classic protocol inside the consumer group. */
    boolean usesClassicProtocol() {
        return classic != null;
    }

    ConsumerGroupMember withClassic(ClassicMemberMetadata metadata) {
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, serverAssignor, rebalanceTimeoutMs, memberEpoch, previousMemberEpoch, state,
                assigned, pendingRevocation, assignmentEpochs, metadata);
    }

    /** Whatever the member holds: assigned or still to be revoked. */
    PartitionAssignment owned() {
        return assigned.union(pendingRevocation);
    }

    boolean isStatic() {
        return instanceId != null;
    }

    boolean hasLeftStatically() {
        return memberEpoch == LEFT_STATIC_EPOCH;
    }

    /** Whether it is in step with the target at {@code targetEpoch}. */
    boolean isReconciledTo(int targetEpoch) {
        return state == MemberReconciliationState.STABLE && memberEpoch == targetEpoch;
    }

    ConsumerGroupMember withSubscription(List<String> names, String regex) {
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, names, regex, serverAssignor,
                rebalanceTimeoutMs, memberEpoch, previousMemberEpoch, state, assigned, pendingRevocation,
                assignmentEpochs, classic);
    }

    ConsumerGroupMember withClientInfo(String rack, String assignor, int rebalanceTimeout, String client, String host) {
        return new ConsumerGroupMember(memberId, instanceId, rack, client, host, subscribedTopicNames,
                subscribedTopicRegex, assignor, rebalanceTimeout, memberEpoch, previousMemberEpoch, state, assigned,
                pendingRevocation, assignmentEpochs, classic);
    }

    /**
     * The member moved to {@code epoch} (remembering the one it left) in {@code newState}; partitions it did not hold
     * before are given at {@code epoch}.
     */
    ConsumerGroupMember reconciled(int epoch, MemberReconciliationState newState, PartitionAssignment newAssigned,
                                   PartitionAssignment newPendingRevocation) {
        int previous = epoch == memberEpoch ? previousMemberEpoch : memberEpoch;
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, serverAssignor, rebalanceTimeoutMs, epoch, previous, newState, newAssigned,
                newPendingRevocation, assignmentEpochs.heldAt(newAssigned.union(newPendingRevocation), epoch), classic);
    }

    /** The same member under another id: a static member's replacement, or one that left with epoch -2. */
    ConsumerGroupMember withIdAndEpoch(String newMemberId, int epoch) {
        return new ConsumerGroupMember(newMemberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, serverAssignor, rebalanceTimeoutMs, epoch, previousMemberEpoch, state, assigned,
                pendingRevocation, assignmentEpochs, classic);
    }
}
