package io.petrel.broker.internal.group;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One consumer-protocol group (KIP-848) as the coordinator holds it: the group epoch (moved by every change of
 * membership, subscriptions or subscribed topics' partitions), the target assignment and the epoch it was computed
 * at, and the members. Which member epoch owns each partition is kept beside the members, so a partition is given to
 * a member only once no other member holds it. Mutable, under the coordinator's lock; {@link #snapshot()} is the
 * value the journal keeps.
 */
final class ConsumerGroup {
    private final String groupId;
    private int groupEpoch;
    private int targetAssignmentEpoch;
    private String assignorName;
    private final Map<String, ConsumerGroupMember> members = new TreeMap<>();
    private final Map<String, PartitionAssignment> targetAssignment = new TreeMap<>();
    /** topic id -> partition -> epoch of the member owning it. */
    private final Map<UUID, Map<Integer, Integer>> ownerEpochs = new HashMap<>();
    private Map<String, TopicIdsAndPartitions.TopicInfo> subscribedTopics = Map.of();

    ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    /** The group as the journal kept it. */
    static ConsumerGroup restore(ConsumerGroupSnapshot s) {
        ConsumerGroup group = new ConsumerGroup(s.groupId());
        group.groupEpoch = s.groupEpoch();
        group.targetAssignmentEpoch = s.targetAssignmentEpoch();
        group.assignorName = s.assignorName();
        s.members().forEach(group::putMember);
        group.targetAssignment.putAll(s.targetAssignment());
        return group;
    }

    ConsumerGroupSnapshot snapshot() {
        return new ConsumerGroupSnapshot(groupId, groupEpoch, targetAssignmentEpoch, assignorName,
                List.copyOf(members.values()), Map.copyOf(targetAssignment));
    }

    String groupId() {
        return groupId;
    }

    int groupEpoch() {
        return groupEpoch;
    }

    int targetAssignmentEpoch() {
        return targetAssignmentEpoch;
    }

    /** The assignor that computed the current target, or null before the first. */
    String assignorName() {
        return assignorName;
    }

    ConsumerGroupState state() {
        if (members.isEmpty()) {
            return ConsumerGroupState.EMPTY;
        }
        if (groupEpoch != targetAssignmentEpoch) {
            return ConsumerGroupState.ASSIGNING;
        }
        for (ConsumerGroupMember m : members.values()) {
            if (!m.hasLeftStatically() && !m.isReconciledTo(targetAssignmentEpoch)) {
                return ConsumerGroupState.RECONCILING;
            }
        }
        return ConsumerGroupState.STABLE;
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    ConsumerGroupMember member(String memberId) {
        return members.get(memberId);
    }

    Collection<ConsumerGroupMember> members() {
        return Collections.unmodifiableCollection(members.values());
    }

    int size() {
        return members.size();
    }

    /** The member holding this static instance id, or null. */
    ConsumerGroupMember staticMember(String instanceId) {
        for (ConsumerGroupMember m : members.values()) {
            if (instanceId.equals(m.instanceId())) {
                return m;
            }
        }
        return null;
    }

    /** Adds or replaces a member, moving the ownership of its partitions with it. */
    void putMember(ConsumerGroupMember member) {
        ConsumerGroupMember old = members.put(member.memberId(), member);
        if (old != null) {
            release(old);
        }
        own(member);
    }

    /** Removes a member: its partitions are free for others, its target assignment gone. */
    void removeMember(String memberId) {
        ConsumerGroupMember old = members.remove(memberId);
        if (old != null) {
            release(old);
        }
        targetAssignment.remove(memberId);
    }

    /** A static member comes back under a new id: it takes over the old one's partitions and target. */
    void replaceMember(String oldMemberId, ConsumerGroupMember replacement) {
        PartitionAssignment target = targetAssignment.remove(oldMemberId);
        ConsumerGroupMember old = members.remove(oldMemberId);
        if (old != null) {
            release(old);
        }
        putMember(replacement);
        if (target != null) {
            targetAssignment.put(replacement.memberId(), target);
        }
    }

    /** The epoch of the member owning the partition, or -1 when no member does. */
    int ownerEpoch(UUID topic, int partition) {
        Map<Integer, Integer> byPartition = ownerEpochs.get(topic);
        Integer epoch = byPartition == null ? null : byPartition.get(partition);
        return epoch == null ? -1 : epoch;
    }

    PartitionAssignment targetAssignment(String memberId) {
        return targetAssignment.getOrDefault(memberId, PartitionAssignment.EMPTY);
    }

    /** Moves the group to a new epoch. */
    void bumpGroupEpoch() {
        groupEpoch++;
    }

    /** Installs a target assignment computed at the current group epoch. */
    void target(Map<String, PartitionAssignment> assignment, String assignor) {
        targetAssignment.clear();
        targetAssignment.putAll(assignment);
        targetAssignmentEpoch = groupEpoch;
        assignorName = assignor;
    }

    /** The subscribed topics as of the last target assignment. */
    Map<String, TopicIdsAndPartitions.TopicInfo> subscribedTopics() {
        return subscribedTopics;
    }

    void subscribedTopics(Map<String, TopicIdsAndPartitions.TopicInfo> topics) {
        subscribedTopics = Map.copyOf(topics);
    }

    private void own(ConsumerGroupMember m) {
        m.owned().partitions().forEach((topic, ps) -> {
            Map<Integer, Integer> byPartition = ownerEpochs.computeIfAbsent(topic, t -> new HashMap<>());
            for (int p : ps) {
                byPartition.put(p, m.memberEpoch());
            }
        });
    }

    private void release(ConsumerGroupMember m) {
        for (Map.Entry<UUID, SortedSet<Integer>> e : m.owned().partitions().entrySet()) {
            Map<Integer, Integer> byPartition = ownerEpochs.get(e.getKey());
            if (byPartition != null) {
                e.getValue().forEach(byPartition::remove);
                if (byPartition.isEmpty()) {
                    ownerEpochs.remove(e.getKey());
                }
            }
        }
    }
}
