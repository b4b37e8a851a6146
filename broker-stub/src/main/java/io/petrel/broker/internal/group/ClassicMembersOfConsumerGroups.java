package io.petrel.broker.internal.group;

import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The classic protocol's requests (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) to a consumer group with members,
 * as Kafka 4 serves them after an online upgrade: a classic member is a member of the consumer group like any other
 * (same target assignment, same reconciliation), but it learns its partitions by JoinGroup then SyncGroup, with its
 * member epoch as generation and no leader (the broker assigns), takes part in a rebalance only when a Heartbeat
 * tells it REBALANCE_IN_PROGRESS, and reports what it still owns in its JoinGroup subscription. It must rejoin or sync
 * within its rebalance timeout once told to, and heartbeat within its own session timeout, else it is fenced.
 *
 * <p>State and deadlines live in {@link ConsumerGroups}; every method must be called under the coordinator's lock.
 */
final class ClassicMembersOfConsumerGroups {
    private static final Logger log = LoggerFactory.getLogger(ClassicMembersOfConsumerGroups.class);

    private final ConsumerGroups groups;
    private final TopicIdsAndPartitions topics;

    ClassicMembersOfConsumerGroups(ConsumerGroups groups, TopicIdsAndPartitions topics) {
        this.groups = groups;
        this.topics = topics;
    }

    /**
     * JoinGroup of a classic member to a consumer group with members, as Kafka: the member takes part in the group's
     * server-side assignment; its subscription (and the partitions it says it owns) come from its protocol metadata;
     * it is answered at once with its member epoch as generation and no leader, so it only syncs.
     */
    JoinResult join(ConsumerGroup group, ClassicGroups.JoinRequest r) {
        boolean unknown = r.memberId() == null || r.memberId().isEmpty();
        String memberId = unknown ? ConsumerGroups.newMemberId() : r.memberId();
        try {
            if (group.member(memberId) == null && (r.groupInstanceId() == null
                    || group.staticMember(r.groupInstanceId()) == null)) {
                groups.requireRoom(group);
            }
            if (!supportsClassicProtocols(group, r.protocolType(), r.protocols())) {
                throw refused(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, "Member " + memberId
                        + "'s protocols are not supported.");
            }
            if (unknown && r.requireKnownMemberId()) {
                log.info("Dynamic classic member joins consumer group {}; asking it to rejoin as {}", group.groupId(),
                        memberId);
                return new JoinResult(ErrorCode.MEMBER_ID_REQUIRED, memberId, -1, null, null, "", false, List.of());
            }
            EmbeddedConsumerProtocol.Subscription subscription;
            try {
                subscription = EmbeddedConsumerProtocol.subscription(r.protocols().get(0).metadata());
            } catch (IllegalArgumentException e) {
                throw refused(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, "Member " + memberId
                        + "'s subscription is unreadable: " + e.getMessage());
            }
            ConsumerGroupMember replaced = unknown && r.groupInstanceId() != null
                    ? group.staticMember(r.groupInstanceId()) : null;
            boolean downgrade = replaced != null && groups.downgradeAllowedOnReplacement(group, replaced);
            ConsumerGroupSnapshot before = group.snapshot();
            ConsumerGroupMember member = classicMember(group, r, memberId, unknown);
            boolean bump = group.member(member.memberId()) == null;
            List<String> topicNames = List.copyOf(new TreeSet<>(subscription.topics()));
            bump |= !topicNames.equals(member.subscribedTopicNames()) || member.subscribedTopicRegex() != null;
            ConsumerGroupMember updated = member.withClientInfo(
                            subscription.rackId() != null ? subscription.rackId() : member.rackId(),
                            member.serverAssignor(), r.rebalanceTimeoutMs(), r.clientId(), r.clientHost())
                    .withSubscription(topicNames, null)
                    .withClassic(new ClassicMemberMetadata(r.sessionTimeoutMs(), r.protocols()));
            if (bump) {
                log.info("Classic member {} joins consumer group {} subscribing to {}", updated.memberId(),
                        group.groupId(), topicNames);
            }
            PartitionAssignment owned = EmbeddedConsumerProtocol.byId(subscription.owned(), topics);
            if (downgrade) {
                return joinDowngrading(group, updated, bump, owned);
            }
            ConsumerGroupMember reconciled = groups.update(group, updated, bump, owned);
            // Until its SyncGroup, it must sync within its rebalance timeout.
            groups.rebalanceDeadline(group, reconciled, true);
            if (!group.snapshot().equals(before)) {
                groups.changed(group);
            }
            return new JoinResult(ErrorCode.NONE, reconciled.memberId(), reconciled.memberEpoch(),
                    OnlineMigration.CONSUMER_PROTOCOL_TYPE, reconciled.classic().protocolName(), "", false, List.of());
        } catch (ConsumerGroups.GroupError e) {
            log.debug("JoinGroup of classic member {} to consumer group {} refused: {} ({})", memberId,
                    group.groupId(), e.error(), e.getMessage());
            return JoinResult.error(r.memberId(), e.error());
        }
    }

    /**
     * The JoinGroup of a classic static member that replaced the group's last consumer-protocol member, as Kafka 4.3
     * answers it: the group becomes a classic group at once, Stable at its epoch, the new member holding the target
     * assignment of the member it replaced, so nobody rebalances; unless its subscription differs from the replaced
     * member's, in which case the classic group rebalances at once, the assignment being stale.
     */
    private JoinResult joinDowngrading(ConsumerGroup group, ConsumerGroupMember updated, boolean stale,
                                       PartitionAssignment owned) {
        ConsumerGroupMember joined;
        boolean rebalance = stale;
        if (stale) {
            // As Kafka: no new target for the new subscription; the classic rebalance that follows assigns.
            group.putMember(updated);
            joined = updated;
        } else {
            int epoch = group.groupEpoch();
            joined = groups.update(group, updated, false, owned);
            rebalance = group.groupEpoch() != epoch;
        }
        log.info("Static member {} replaced the last consumer-protocol member of consumer group {}",
                joined.instanceId(), group.groupId());
        groups.downgrade(group, Set.of(), rebalance);
        return new JoinResult(ErrorCode.NONE, joined.memberId(), joined.memberEpoch(),
                OnlineMigration.CONSUMER_PROTOCOL_TYPE, joined.classic().protocolName(), "", false, List.of());
    }

    /** The joining classic member as the group knows it, a new one, or a static one taking an instance id over. */
    private ConsumerGroupMember classicMember(ConsumerGroup group, ClassicGroups.JoinRequest r, String memberId,
                                              boolean unknown) {
        if (r.groupInstanceId() == null) {
            ConsumerGroupMember existing = group.member(memberId);
            return existing != null ? existing : ConsumerGroupMember.joining(memberId, null, r.clientId(),
                    r.clientHost());
        }
        ConsumerGroupMember existing = group.staticMember(r.groupInstanceId());
        if (existing == null) {
            if (!unknown) {
                throw refused(ErrorCode.UNKNOWN_MEMBER_ID, "Member " + memberId + " is not a member of group "
                        + group.groupId() + ".");
            }
            return ConsumerGroupMember.joining(memberId, r.groupInstanceId(), r.clientId(), r.clientHost());
        }
        if (existing.memberId().equals(memberId)) {
            return existing;
        }
        if (!unknown) {
            throw refused(ErrorCode.FENCED_INSTANCE_ID, "Static member " + memberId + " with instance id "
                    + r.groupInstanceId() + " was fenced by member " + existing.memberId() + ".");
        }
        // A new incarnation of the instance takes over the old member's partitions and target.
        ConsumerGroupMember replacement = existing.withIdAndEpoch(memberId, existing.memberEpoch());
        groups.replaceStaticMember(group, existing, replacement);
        log.info("Static member {} of consumer group {} rejoins through JoinGroup as {}, replacing {}",
                r.groupInstanceId(), group.groupId(), memberId, existing.memberId());
        return replacement;
    }

    /**
     * As Kafka: the type must be "consumer", and one of the offered protocols must be one every classic member of the
     * group offers (any, when there is none).
     */
    private static boolean supportsClassicProtocols(ConsumerGroup group, String protocolType,
                                                    List<GroupMember.Protocol> offered) {
        if (!OnlineMigration.CONSUMER_PROTOCOL_TYPE.equals(protocolType) || offered.isEmpty()) {
            return false;
        }
        for (GroupMember.Protocol p : offered) {
            boolean everyone = true;
            for (ConsumerGroupMember m : group.members()) {
                if (m.usesClassicProtocol() && !m.classic().supports(p.name())) {
                    everyone = false;
                    break;
                }
            }
            if (everyone) {
                return true;
            }
        }
        return false;
    }

    /**
     * SyncGroup of a classic member of a consumer group: its current assignment, encoded at its subscription's
     * version; REBALANCE_IN_PROGRESS when the group moved on and it must rejoin first (unless it still has
     * partitions to give up at its epoch, which it does after this sync).
     */
    SyncResult sync(ConsumerGroup group, String memberId, String instanceId, int generationId,
                           String protocolType, String protocolName) {
        try {
            ConsumerGroupMember m = classicMemberOf(group, memberId, instanceId);
            requireGeneration(m, generationId);
            if (protocolType != null && !OnlineMigration.CONSUMER_PROTOCOL_TYPE.equals(protocolType)) {
                throw refused(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, "The protocol type " + protocolType
                        + " from member " + m.memberId()
                        + " request is not equal to the group protocol type consumer.");
            }
            if (protocolName != null && !m.classic().protocolName().equals(protocolName)) {
                throw refused(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, "The protocol name " + protocolName
                        + " from member " + m.memberId() + " request is not equal to the protocol name "
                        + m.classic().protocolName() + " returned in the join response.");
            }
            if (group.groupEpoch() > m.memberEpoch() && m.state() != MemberReconciliationState.UNREVOKED_PARTITIONS) {
                groups.rebalanceDeadline(group, m, false);
                return SyncResult.error(ErrorCode.REBALANCE_IN_PROGRESS);
            }
            groups.clearRebalanceDeadline(group, m.memberId());
            groups.restartSession(group, m);
            byte[] assignment = EmbeddedConsumerProtocol.assignment(
                    EmbeddedConsumerProtocol.byName(m.assigned(), topics),
                    EmbeddedConsumerProtocol.version(m.classic().metadata()));
            return new SyncResult(ErrorCode.NONE, protocolType, protocolName, assignment);
        } catch (ConsumerGroups.GroupError e) {
            return SyncResult.error(e.error());
        }
    }

    /**
     * Heartbeat of a classic member of a consumer group: REBALANCE_IN_PROGRESS when it must rejoin, as Kafka tells
     * it: the group moved to a newer epoch, it has partitions to give up, or partitions it waited for are free now.
     */
    ErrorCode heartbeat(ConsumerGroup group, String memberId, String instanceId, int generationId) {
        try {
            ConsumerGroupMember m = classicMemberOf(group, memberId, instanceId);
            requireGeneration(m, generationId);
            groups.restartSession(group, m);
            boolean rejoin = m.memberEpoch() < group.groupEpoch()
                    || m.state() == MemberReconciliationState.UNREVOKED_PARTITIONS
                    || (m.state() == MemberReconciliationState.UNRELEASED_PARTITIONS && !waitsOnOthers(group, m));
            if (rejoin) {
                groups.rebalanceDeadline(group, m, false);
                return ErrorCode.REBALANCE_IN_PROGRESS;
            }
            return ErrorCode.NONE;
        } catch (ConsumerGroups.GroupError e) {
            return e.error();
        }
    }

    /** Whether a partition of the member's target is still held by another member. */
    private static boolean waitsOnOthers(ConsumerGroup group, ConsumerGroupMember m) {
        for (Map.Entry<UUID, SortedSet<Integer>> e : group.targetAssignment(m.memberId()).partitions()
                .entrySet()) {
            for (int p : e.getValue()) {
                if (!m.assigned().contains(e.getKey(), p) && group.ownerEpoch(e.getKey(), p) != -1) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * LeaveGroup to a consumer group, as Kafka 4: members of either protocol are removed by member id, or by instance
     * id (an admin names only that); the group then moves to one new epoch, or becomes classic again when only
     * classic members are left.
     */
    ClassicGroups.LeaveResult leave(ConsumerGroup group, List<ClassicGroups.LeavingMember> leaving) {
        List<ErrorCode> errors = new ArrayList<>(leaving.size());
        Set<String> removed = new LinkedHashSet<>();
        for (ClassicGroups.LeavingMember l : leaving) {
            String reason = l.reason() == null ? "not provided" : l.reason();
            ConsumerGroupMember m;
            if (l.groupInstanceId() == null) {
                m = group.member(l.memberId());
            } else {
                m = group.staticMember(l.groupInstanceId());
                if (m != null && l.memberId() != null && !l.memberId().isEmpty()
                        && !m.memberId().equals(l.memberId())) {
                    errors.add(ErrorCode.FENCED_INSTANCE_ID);
                    continue;
                }
            }
            if (m == null) {
                errors.add(ErrorCode.UNKNOWN_MEMBER_ID);
                continue;
            }
            log.info("Member {}{} left consumer group {} through LeaveGroup; reason: {}", m.memberId(),
                    m.isStatic() ? " (instance " + m.instanceId() + ")" : "", group.groupId(), reason);
            removed.add(m.memberId());
            errors.add(ErrorCode.NONE);
        }
        if (!removed.isEmpty()) {
            groups.removeMembers(group, removed);
        }
        return new ClassicGroups.LeaveResult(ErrorCode.NONE, errors);
    }

    private static ConsumerGroupMember classicMemberOf(ConsumerGroup group, String memberId, String instanceId) {
        ConsumerGroupMember m;
        if (instanceId == null) {
            m = group.member(memberId);
            if (m == null) {
                throw refused(ErrorCode.UNKNOWN_MEMBER_ID, "Member " + memberId + " is not a member of group "
                        + group.groupId() + ".");
            }
        } else {
            m = group.staticMember(instanceId);
            if (m == null) {
                throw refused(ErrorCode.UNKNOWN_MEMBER_ID, "Member with instance id " + instanceId
                        + " is not a member of group " + group.groupId() + ".");
            }
            if (!m.memberId().equals(memberId)) {
                throw refused(ErrorCode.FENCED_INSTANCE_ID, "Static member " + memberId + " with instance id "
                        + instanceId + " was fenced by member " + m.memberId() + ".");
            }
        }
        if (!m.usesClassicProtocol()) {
            throw refused(ErrorCode.UNKNOWN_MEMBER_ID, "Member " + m.memberId()
                    + " does not use the classic protocol.");
        }
        return m;
    }

    private static void requireGeneration(ConsumerGroupMember m, int generationId) {
        if (m.memberEpoch() != generationId) {
            throw refused(ErrorCode.ILLEGAL_GENERATION, "The request generation id " + generationId
                    + " is not equal to the member epoch " + m.memberEpoch() + " of member " + m.memberId() + ".");
        }
    }

    private static ConsumerGroups.GroupError refused(ErrorCode error, String message) {
        return new ConsumerGroups.GroupError(error, message);
    }
}
