package io.petrel.broker.internal.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka 4's online migration between the two group protocols, as pure conversions of one group's state into the
 * other kind's (the coordinator swaps the groups and journals them):
 * <ul>
 *   <li>upgrade: a classic group with members, when a consumer-protocol member joins it, becomes a consumer group at
 *       epoch = its generation, its members kept as classic members, each Stable at that epoch holding its last
 *       SyncGroup assignment, which is also the target. The joining member then bumps the epoch, and the classic
 *       members are moved to the new target through JoinGroup/SyncGroup.</li>
 *   <li>downgrade: a consumer group left with only classic members (when {@link ConsumerGroups} decides, as Kafka:
 *       the last consumer-protocol member leaves or is replaced by a classic static member, within
 *       {@code group.max.size}) becomes a classic group Stable at generation = its epoch, the remaining members
 *       holding their target assignment (encoded at the version of their subscription); it then rebalances at once,
 *       unless a static replacement left every assignment as it was.</li>
 * </ul>
 */
final class OnlineMigration {
    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private OnlineMigration() {
    }

    /**
     * The consumer group a classic group becomes.
     *
     * @throws IllegalArgumentException if a member's subscription or assignment cannot be read
     */
    static ConsumerGroupSnapshot upgrade(ClassicGroup classic, TopicIdsAndPartitions topics) {
        int epoch = classic.generationId();
        List<ConsumerGroupMember> members = new ArrayList<>(classic.size());
        Map<String, PartitionAssignment> target = new HashMap<>();
        for (GroupMember m : classic.members()) {
            byte[] metadata = classic.protocolName() != null ? m.metadata(classic.protocolName())
                    : m.protocols().get(0).metadata();
            EmbeddedConsumerProtocol.Subscription subscription = EmbeddedConsumerProtocol.subscription(metadata);
            PartitionAssignment assigned = EmbeddedConsumerProtocol.byId(
                    EmbeddedConsumerProtocol.assignment(m.assignment()), topics);
            members.add(new ConsumerGroupMember(m.memberId(), m.groupInstanceId(), subscription.rackId(),
                    m.clientId(), m.clientHost(), List.copyOf(new TreeSet<>(subscription.topics())), null, null,
                    m.rebalanceTimeoutMs(), epoch, epoch, MemberReconciliationState.STABLE, assigned,
                    PartitionAssignment.EMPTY, AssignmentEpochs.NONE.heldAt(assigned, epoch),
                    new ClassicMemberMetadata(m.sessionTimeoutMs(), m.protocols())));
            target.put(m.memberId(), assigned);
        }
        return new ConsumerGroupSnapshot(classic.groupId(), epoch, epoch, null, members, target);
    }

    /** The classic group a consumer group becomes once {@code leaving} are gone (all others classic members). */
    static GroupSnapshot downgrade(ConsumerGroup group, Set<String> leaving, TopicIdsAndPartitions topics) {
        List<GroupSnapshot.MemberSnapshot> members = new ArrayList<>();
        for (ConsumerGroupMember m : group.members()) {
            if (leaving.contains(m.memberId()) || !m.usesClassicProtocol()) {
                continue;
            }
            byte[] assignment = EmbeddedConsumerProtocol.assignment(
                    EmbeddedConsumerProtocol.byName(group.targetAssignment(m.memberId()), topics),
                    EmbeddedConsumerProtocol.version(m.classic().metadata()));
            members.add(new GroupSnapshot.MemberSnapshot(m.memberId(), m.instanceId(), m.clientId(), m.clientHost(),
                    m.classic().sessionTimeoutMs(), m.rebalanceTimeoutMs(), m.classic().protocols(), assignment));
        }
        return new GroupSnapshot(group.groupId(), group.groupEpoch(), CONSUMER_PROTOCOL_TYPE, null, null, members);
    }
}
