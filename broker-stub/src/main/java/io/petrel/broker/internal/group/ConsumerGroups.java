package io.petrel.broker.internal.group;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.petrel.broker.ConsumerGroupSettings;
import io.petrel.broker.internal.MonotonicClock;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The consumer group protocol's state machine (KIP-848) over all consumer-protocol groups, with Kafka 4's rules:
 * a member joins with epoch 0 and heartbeats; each change of membership, subscription or subscribed topics'
 * partitions bumps the group epoch and the server-side assignor computes a new target assignment at once; each
 * member then moves to it by {@link MemberReconciliation} as it heartbeats (revoke first, then assign what nobody
 * else still owns). Subscriptions by regular expression (RE2J, as Kafka) are resolved against the broker's topics at
 * every heartbeat, so topics created or deleted, and partitions added, reach the target assignment. {@link #tick}
 * removes members whose session expired or who did not revoke within their rebalance timeout. Deadlines are
 * milliseconds on a {@link MonotonicClock}.
 *
 * <p>Every method must be called under the coordinator's lock. Each change of a group is reported to
 * {@code changed}, which journals it.
 */
final class ConsumerGroups {
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroups.class);

    static final int LEAVE_EPOCH = -1;
    static final int LEAVE_STATIC_EPOCH = ConsumerGroupMember.LEFT_STATIC_EPOCH;
    /** The first version in which the client chooses its member id. */
    static final short CLIENT_MEMBER_ID_VERSION = 1;

    /** A ConsumerGroupHeartbeat, decoded; null fields mean "unchanged" as on the wire. */
    record HeartbeatRequest(String groupId, String memberId, int memberEpoch, String instanceId, String rackId,
                            int rebalanceTimeoutMs, List<String> subscribedTopicNames, String subscribedTopicRegex,
                            String serverAssignor, PartitionAssignment owned, String clientId, String clientHost,
                            short version) {
    }

    /** The answer: an error (with Kafka's message), or the member's id, epoch and (when to send it) assignment. */
    record HeartbeatResult(ErrorCode error, String message, String memberId, int memberEpoch, int heartbeatIntervalMs,
                           PartitionAssignment assignment) {
        static HeartbeatResult error(ErrorCode error, String message) {
            return new HeartbeatResult(error, message, null, 0, 0, null);
        }
    }

    /** A refusal with Kafka's error and message, thrown inside a heartbeat and answered as its response. */
    static final class GroupError extends RuntimeException {
        private final ErrorCode error;

        GroupError(ErrorCode error, String message) {
            super(message, null, false, false);
            this.error = error;
        }

        ErrorCode error() {
            return error;
        }
    }

    /** Deadline of a member that must revoke by then, at the epoch it must leave. */
    private record RevocationDeadline(int epoch, long deadlineMs) {
    }

    private final Map<String, ConsumerGroup> groups = new TreeMap<>();
    private final Map<String, Map<String, Long>> sessionDeadlines = new HashMap<>();
    private final Map<String, Map<String, RevocationDeadline>> revocationDeadlines = new HashMap<>();
    /** Classic members told to rejoin, or that joined and must sync, by when (else they are fenced). */
    private final Map<String, Map<String, Long>> classicDeadlinesByGroup = new HashMap<>();
    private final MonotonicClock clock;
    private final ConsumerGroupSettings settings;
    private final Map<String, ServerAssignor> assignors = new LinkedHashMap<>();
    private final TopicIdsAndPartitions topics;
    private final Consumer<ConsumerGroup> changed;
    private final Downgrade downgraded;
    private final int classicMaxSize;

    /** Told that a consumer group became a classic group again; it is gone from here. */
    @FunctionalInterface
    interface Downgrade {
        /**
         * @param classic   its classic membership: Stable at the group epoch, each member holding its target assignment
         * @param rebalance whether the classic group must rebalance at once (it must unless the conversion came from a
         *                  static member's replacement that left the assignment as it was)
         */
        void downgraded(GroupSnapshot classic, boolean rebalance);
    }

    /**
     * @param classicMaxSize {@code group.max.size}: a group with more members is not downgraded
     * @param changed        told each change of a group, to journal it
     * @param downgraded     told when a group became a classic group again
     */
    ConsumerGroups(MonotonicClock clock, ConsumerGroupSettings settings, int classicMaxSize,
                   TopicIdsAndPartitions topics, Consumer<ConsumerGroup> changed, Downgrade downgraded) {
        this.downgraded = downgraded;
        this.classicMaxSize = classicMaxSize;
        this.clock = clock;
        this.settings = settings;
        this.topics = topics;
        this.changed = changed;
        for (String name : settings.assignors()) {
            assignors.put(name, name.equals(RangeAssignor.NAME) ? new RangeAssignor() : new UniformAssignor());
        }
    }

    // ---------------------------------------------------------------- groups

    ConsumerGroup group(String groupId) {
        return groups.get(groupId);
    }

    Collection<ConsumerGroup> groups() {
        return groups.values();
    }

    /** Puts back a group from the journal; every member's session starts now. */
    void restore(ConsumerGroupSnapshot snapshot) {
        ConsumerGroup group = install(snapshot);
        log.info("Restored consumer group {} in {} at epoch {} with {} members", group.groupId(),
                group.state().displayName(), group.groupEpoch(), group.size());
    }

    /** Puts a group in as the snapshot has it, every member's session starting now. */
    private ConsumerGroup install(ConsumerGroupSnapshot snapshot) {
        ConsumerGroup group = ConsumerGroup.restore(snapshot);
        group.subscribedTopics(subscribedTopics(group));
        groups.put(group.groupId(), group);
        for (ConsumerGroupMember m : group.members()) {
            sessions(group).put(m.memberId(), now() + sessionTimeoutMs(m));
        }
        return group;
    }

    /** Forgets an Empty group (DeleteGroups, offset expiry, conversion to a classic group). */
    void remove(String groupId) {
        ConsumerGroup group = groups.get(groupId);
        if (group != null && !group.isEmpty()) {
            throw new IllegalStateException("Consumer group " + groupId + " is " + group.state().displayName());
        }
        forget(groupId);
    }

    /** The assignor of the group's target assignment, or the one its next would use. */
    String assignorName(ConsumerGroup group) {
        return group.assignorName() != null ? group.assignorName() : preferredAssignor(group);
    }

    /** The topics the group's members subscribe to (by name or regex) that exist now. */
    Set<String> subscribedTopicNames(ConsumerGroup group) {
        return subscribedTopics(group).keySet();
    }

    private long now() {
        return clock.elapsedMillis();
    }

    private Map<String, Long> sessions(ConsumerGroup group) {
        return sessionDeadlines.computeIfAbsent(group.groupId(), g -> new HashMap<>());
    }

    private Map<String, Long> classicDeadlines(ConsumerGroup group) {
        return classicDeadlinesByGroup.computeIfAbsent(group.groupId(), g -> new HashMap<>());
    }

    private Map<String, RevocationDeadline> revocations(ConsumerGroup group) {
        return revocationDeadlines.computeIfAbsent(group.groupId(), g -> new HashMap<>());
    }

    // ---------------------------------------------------------------- heartbeat

    HeartbeatResult heartbeat(HeartbeatRequest r) {
        try {
            validate(r);
            if (r.memberEpoch() == LEAVE_EPOCH || r.memberEpoch() == LEAVE_STATIC_EPOCH) {
                return leave(r);
            }
            return join(r);
        } catch (GroupError e) {
            log.debug("ConsumerGroupHeartbeat of member {} in group {} refused: {} ({})", r.memberId(), r.groupId(),
                    e.error(), e.getMessage());
            return HeartbeatResult.error(e.error(), e.getMessage());
        }
    }

    private void validate(HeartbeatRequest r) {
        requireNonEmpty(r.groupId(), "GroupId can't be empty.");
        requireNonEmpty(r.instanceId(), "InstanceId can't be empty.");
        requireNonEmpty(r.rackId(), "RackId can't be empty.");
        if (r.version() >= CLIENT_MEMBER_ID_VERSION) {
            requireNonEmpty(r.memberId(), "MemberId can't be empty.");
        }
        int epoch = r.memberEpoch();
        if (epoch > 0 || epoch == LEAVE_EPOCH) {
            requireNonEmpty(r.memberId(), "MemberId can't be empty.");
        } else if (epoch == 0) {
            if (r.rebalanceTimeoutMs() == -1) {
                throw invalid("RebalanceTimeoutMs must be provided in first request.");
            }
            if (r.owned() == null || !r.owned().isEmpty()) {
                throw invalid("TopicPartitions must be empty when (re-)joining.");
            }
            if (r.subscribedTopicNames() == null && r.subscribedTopicRegex() == null) {
                throw invalid("Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.");
            }
        } else if (epoch == LEAVE_STATIC_EPOCH) {
            requireNonEmpty(r.memberId(), "MemberId can't be empty.");
            if (r.instanceId() == null) {
                throw invalid("InstanceId can't be null.");
            }
        } else {
            throw invalid("MemberEpoch is invalid.");
        }
        if (r.serverAssignor() != null && !assignors.containsKey(r.serverAssignor())) {
            throw new GroupError(ErrorCode.UNSUPPORTED_ASSIGNOR, "ServerAssignor " + r.serverAssignor()
                    + " is not supported. Supported assignors: " + String.join(", ", assignors.keySet()) + ".");
        }
        if (r.subscribedTopicRegex() != null && !r.subscribedTopicRegex().isEmpty()) {
            try {
                Pattern.compile(r.subscribedTopicRegex());
            } catch (PatternSyntaxException e) {
                throw new GroupError(ErrorCode.INVALID_REGULAR_EXPRESSION, "SubscribedTopicRegex `"
                        + r.subscribedTopicRegex() + "` is not a valid regular expression: " + e.getMessage() + ".");
            }
        }
    }

    private static void requireNonEmpty(String value, String message) {
        if (value != null && value.trim().isEmpty()) {
            throw invalid(message);
        }
    }

    private static GroupError invalid(String message) {
        return new GroupError(ErrorCode.INVALID_REQUEST, message);
    }

    private ConsumerGroup existingGroup(String groupId) {
        ConsumerGroup group = groups.get(groupId);
        if (group == null) {
            throw new GroupError(ErrorCode.GROUP_ID_NOT_FOUND, "Consumer group " + groupId + " not found.");
        }
        return group;
    }

    private HeartbeatResult join(HeartbeatRequest r) {
        boolean joining = r.memberEpoch() == 0;
        ConsumerGroup group = groups.get(r.groupId());
        if (group == null) {
            if (!joining) {
                existingGroup(r.groupId());
            }
            group = new ConsumerGroup(r.groupId());
            groups.put(r.groupId(), group);
            log.info("Created consumer group {}", r.groupId());
        }
        ConsumerGroupSnapshot before = group.snapshot();
        boolean bump = false;
        ConsumerGroupMember member;
        if (r.instanceId() == null) {
            member = dynamicMember(group, r);
        } else {
            member = staticMember(group, r);
        }
        if (group.member(member.memberId()) == null) {
            log.info("Member {}{} joins consumer group {}", member.memberId(),
                    member.isStatic() ? " (instance " + member.instanceId() + ")" : "", group.groupId());
            bump = true;
        }
        ConsumerGroupMember updated = member.withClientInfo(r.rackId() != null ? r.rackId() : member.rackId(),
                r.serverAssignor() != null ? r.serverAssignor() : member.serverAssignor(),
                r.rebalanceTimeoutMs() != -1 ? r.rebalanceTimeoutMs() : member.rebalanceTimeoutMs(),
                r.clientId(), r.clientHost());
        List<String> names = r.subscribedTopicNames() != null ? List.copyOf(new TreeSet<>(r.subscribedTopicNames()))
                : updated.subscribedTopicNames();
        String regex = r.subscribedTopicRegex() != null
                ? (r.subscribedTopicRegex().isEmpty() ? null : r.subscribedTopicRegex()) : updated.subscribedTopicRegex();
        if (!names.equals(updated.subscribedTopicNames()) || !Objects.equals(regex, updated.subscribedTopicRegex())) {
            log.info("Member {} of consumer group {} subscribes to {}", updated.memberId(), group.groupId(),
                    regex != null ? "/" + regex + "/" : names);
            updated = updated.withSubscription(names, regex);
            bump = true;
        }
        if (!Objects.equals(updated.serverAssignor(), member.serverAssignor())) {
            bump = true;
        }
        ConsumerGroupMember reconciled = update(group, updated, bump, r.owned());
        if (!group.snapshot().equals(before)) {
            changed.accept(group);
        }
        boolean fullRequest = r.rebalanceTimeoutMs() != -1
                && (r.subscribedTopicNames() != null || r.subscribedTopicRegex() != null) && r.owned() != null;
        boolean send = joining || fullRequest || !reconciled.assigned().equals(member.assigned())
                || (r.owned() != null && !r.owned().equals(reconciled.assigned()));
        return new HeartbeatResult(ErrorCode.NONE, null, reconciled.memberId(), reconciled.memberEpoch(),
                heartbeatIntervalMs(), send ? reconciled.assigned() : null);
    }

    /**
     * Puts the member's new state in the group, moves the group to a new epoch (with a new target assignment) when
     * {@code bump} or the subscribed topics changed, and reconciles the member one step; its session restarts.
     */
    ConsumerGroupMember update(ConsumerGroup group, ConsumerGroupMember updated, boolean bump,
                                       PartitionAssignment owned) {
        group.putMember(updated);
        sessions(group).put(updated.memberId(), now() + sessionTimeoutMs(updated));
        Map<String, TopicIdsAndPartitions.TopicInfo> subscribed = subscribedTopics(group);
        if (bump || !subscribed.equals(group.subscribedTopics())) {
            group.bumpGroupEpoch();
            log.info("Consumer group {} moves to epoch {}", group.groupId(), group.groupEpoch());
            computeTarget(group, subscribed);
        } else if (group.targetAssignmentEpoch() != group.groupEpoch()) {
            computeTarget(group, subscribed);
        }
        return reconcile(group, group.member(updated.memberId()), owned);
    }

    /** A classic member's own session timeout, else the group's. */
    private long sessionTimeoutMs(ConsumerGroupMember m) {
        return m.usesClassicProtocol() ? m.classic().sessionTimeoutMs() : settings.sessionTimeout().toMillis();
    }

    private int heartbeatIntervalMs() {
        return (int) settings.heartbeatInterval().toMillis();
    }

    private ConsumerGroupMember dynamicMember(ConsumerGroup group, HeartbeatRequest r) {
        if (r.memberEpoch() == 0) {
            String id = r.version() >= CLIENT_MEMBER_ID_VERSION ? r.memberId() : newMemberId();
            ConsumerGroupMember existing = group.member(id);
            if (existing != null) {
                return existing;
            }
            requireRoom(group);
            return ConsumerGroupMember.joining(id, null, r.clientId(), r.clientHost());
        }
        ConsumerGroupMember member = group.member(r.memberId());
        if (member == null) {
            throw new GroupError(ErrorCode.UNKNOWN_MEMBER_ID, "Member " + r.memberId() + " is not a member of group "
                    + group.groupId() + ".");
        }
        requireValidEpoch(member, r.memberEpoch(), r.owned());
        return member;
    }

    private ConsumerGroupMember staticMember(ConsumerGroup group, HeartbeatRequest r) {
        ConsumerGroupMember existing = group.staticMember(r.instanceId());
        String memberId = r.memberId() == null || r.memberId().isEmpty() ? newMemberId() : r.memberId();
        if (r.memberEpoch() == 0) {
            if (existing == null) {
                requireRoom(group);
                return ConsumerGroupMember.joining(memberId, r.instanceId(), r.clientId(), r.clientHost());
            }
            if (!existing.hasLeftStatically()) {
                throw new GroupError(ErrorCode.UNRELEASED_INSTANCE_ID, "Static member " + memberId
                        + " with instance id " + r.instanceId() + " cannot join the group because the instance id is"
                        + " owned by " + existing.memberId() + " member.");
            }
            // It comes back as the member it was: its partitions and target carry over, so no rebalance.
            ConsumerGroupMember replacement = existing.withIdAndEpoch(memberId, 0);
            group.replaceMember(existing.memberId(), replacement);
            sessions(group).remove(existing.memberId());
            revocations(group).remove(existing.memberId());
            log.info("Static member {} of consumer group {} rejoins as {}, replacing {}", r.instanceId(),
                    group.groupId(), memberId, existing.memberId());
            return replacement;
        }
        if (existing == null) {
            throw new GroupError(ErrorCode.UNKNOWN_MEMBER_ID, "Instance id " + r.instanceId() + " is unknown.");
        }
        if (!existing.memberId().equals(r.memberId())) {
            throw new GroupError(ErrorCode.FENCED_INSTANCE_ID, "Static member " + r.memberId() + " with instance id "
                    + r.instanceId() + " was fenced by member " + existing.memberId() + ".");
        }
        requireValidEpoch(existing, r.memberEpoch(), r.owned());
        return existing;
    }

    void requireRoom(ConsumerGroup group) {
        if (group.size() >= settings.maxSize()) {
            throw new GroupError(ErrorCode.GROUP_MAX_SIZE_REACHED, "The consumer group has reached its maximum "
                    + "capacity of " + settings.maxSize() + " members.");
        }
    }

    /** As Kafka: an older epoch is accepted only as the member's previous one, owning nothing it lost since. */
    private static void requireValidEpoch(ConsumerGroupMember member, int received, PartitionAssignment owned) {
        if (received > member.memberEpoch()) {
            throw new GroupError(ErrorCode.FENCED_MEMBER_EPOCH, "The consumer group member has a greater member "
                    + "epoch (" + received + ") than the one known by the group coordinator (" + member.memberEpoch()
                    + "). The member must abandon all its partitions and rejoin.");
        }
        if (received < member.memberEpoch()
                && (received != member.previousMemberEpoch() || owned == null || !owned.isSubsetOf(member.assigned()))) {
            throw new GroupError(ErrorCode.FENCED_MEMBER_EPOCH, "The consumer group member has a smaller member "
                    + "epoch (" + received + ") than the one known by the group coordinator (" + member.memberEpoch()
                    + "). The member must abandon all its partitions and rejoin.");
        }
    }

    static String newMemberId() {
        UUID u = UUID.randomUUID();
        ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    // ---------------------------------------------------------------- leaving and fencing

    private HeartbeatResult leave(HeartbeatRequest r) {
        ConsumerGroup group = existingGroup(r.groupId());
        ConsumerGroupMember member;
        if (r.instanceId() != null) {
            member = group.staticMember(r.instanceId());
            if (member == null) {
                throw new GroupError(ErrorCode.UNKNOWN_MEMBER_ID, "Instance id " + r.instanceId() + " is unknown.");
            }
            if (!member.memberId().equals(r.memberId())) {
                throw new GroupError(ErrorCode.FENCED_INSTANCE_ID, "Static member " + r.memberId()
                        + " with instance id " + r.instanceId() + " was fenced by member " + member.memberId() + ".");
            }
        } else {
            member = group.member(r.memberId());
            if (member == null) {
                throw new GroupError(ErrorCode.UNKNOWN_MEMBER_ID, "Member " + r.memberId()
                        + " is not a member of group " + group.groupId() + ".");
            }
        }
        if (r.memberEpoch() == LEAVE_STATIC_EPOCH) {
            // It keeps its partitions (nobody else gets them) until it comes back or its session expires.
            group.putMember(member.reconciled(LEAVE_STATIC_EPOCH, MemberReconciliationState.STABLE, member.assigned(),
                            PartitionAssignment.EMPTY));
            revocations(group).remove(member.memberId());
            log.info("Static member {} (instance {}) of consumer group {} left for now", member.memberId(),
                    member.instanceId(), group.groupId());
            changed.accept(group);
        } else {
            log.info("Member {} left consumer group {}", member.memberId(), group.groupId());
            removeMember(group, member.memberId());
        }
        return new HeartbeatResult(ErrorCode.NONE, null, member.memberId(), r.memberEpoch(), 0, null);
    }

    /** Removes a member (left, fenced, expired): the group moves to a new epoch without it, or becomes classic. */
    private void removeMember(ConsumerGroup group, String memberId) {
        removeMembers(group, Set.of(memberId));
    }

    /**
     * Removes members: the group moves to one new epoch without them; or, when the last consumer-protocol members go
     * and only classic ones stay, it becomes a classic group again if the migration policy allows (as Kafka).
     */
    void removeMembers(ConsumerGroup group, Set<String> memberIds) {
        if (downgradeAllowed(group, memberIds)) {
            downgrade(group, memberIds, true);
            return;
        }
        for (String memberId : memberIds) {
            group.removeMember(memberId);
            sessions(group).remove(memberId);
            revocations(group).remove(memberId);
            classicDeadlines(group).remove(memberId);
        }
        group.bumpGroupEpoch();
        computeTarget(group, subscribedTopics(group));
        changed.accept(group);
    }

    /**
     * Kafka 4.3's check before a downgrade when members leave or are fenced: every member staying speaks the classic
     * protocol (whichever protocol those leaving speak), at least one stays, {@code group.consumer.migration.policy}
     * allows it, and those staying fit {@code group.max.size}. A group kept as a consumer group for its size
     * is therefore downgraded later, when enough classic members have gone.
     */
    private boolean downgradeAllowed(ConsumerGroup group, Set<String> leaving) {
        int staying = 0;
        for (ConsumerGroupMember m : group.members()) {
            if (leaving.contains(m.memberId())) {
                continue;
            }
            if (!m.usesClassicProtocol()) {
                return false;
            }
            staying++;
        }
        return staying > 0 && downgradeFits(group, staying);
    }

    /**
     * Kafka 4.3's check before a downgrade when a classic static member replaces a static member: the one replaced is
     * the group's only consumer-protocol member, the policy allows it, and the group fits
     * {@code group.max.size} (the replacement does not change its size).
     */
    boolean downgradeAllowedOnReplacement(ConsumerGroup group, ConsumerGroupMember replaced) {
        if (replaced.usesClassicProtocol()) {
            return false;
        }
        for (ConsumerGroupMember m : group.members()) {
            if (!m.memberId().equals(replaced.memberId()) && !m.usesClassicProtocol()) {
                return false;
            }
        }
        return downgradeFits(group, group.size());
    }

    private boolean downgradeFits(ConsumerGroup group, int classicMembers) {
        if (!settings.downgradeEnabled()) {
            log.info("Consumer group {} is not converted to a classic group: group.consumer.migration.policy is {}",
                    group.groupId(), settings.migrationPolicy());
            return false;
        }
        if (classicMembers > classicMaxSize) {
            log.info("Consumer group {} is not converted to a classic group: its {} members exceed "
                    + "group.max.size {}", group.groupId(), classicMembers, classicMaxSize);
            return false;
        }
        return true;
    }

    /**
     * Converts the group, without {@code leaving}, to a classic group (all its other members speak the classic
     * protocol), which rebalances at once if {@code rebalance}.
     */
    void downgrade(ConsumerGroup group, Set<String> leaving, boolean rebalance) {
        GroupSnapshot classic = OnlineMigration.downgrade(group, leaving, topics);
        log.info("Consumer group {} converts back to a classic group: only classic members are left ({})",
                group.groupId(), classic.members().size());
        forget(group.groupId());
        downgraded.downgraded(classic, rebalance);
    }

    /** Drops a group with whatever members it has (it became a classic group). */
    private void forget(String groupId) {
        groups.remove(groupId);
        sessionDeadlines.remove(groupId);
        revocationDeadlines.remove(groupId);
        classicDeadlinesByGroup.remove(groupId);
    }

    /** Fires passed deadlines: expired sessions, and revocations not done within the rebalance timeout. */
    void tick() {
        long now = now();
        for (ConsumerGroup group : List.copyOf(groups.values())) {
            for (Map.Entry<String, Long> s : List.copyOf(sessions(group).entrySet())) {
                if (groups.get(group.groupId()) == group && s.getValue() <= now && group.member(s.getKey()) != null) {
                    log.info("Member {} of consumer group {} fenced: its session expired", s.getKey(), group.groupId());
                    removeMember(group, s.getKey());
                }
            }
            for (Map.Entry<String, RevocationDeadline> d : List.copyOf(revocations(group).entrySet())) {
                ConsumerGroupMember m = group.member(d.getKey());
                if (groups.get(group.groupId()) == group && d.getValue().deadlineMs() <= now && m != null
                        && m.memberEpoch() == d.getValue().epoch()
                        && m.state() == MemberReconciliationState.UNREVOKED_PARTITIONS) {
                    log.info("Member {} of consumer group {} fenced: it did not revoke its partitions within {} ms",
                            m.memberId(), group.groupId(), m.rebalanceTimeoutMs());
                    removeMember(group, m.memberId());
                }
            }
            for (Map.Entry<String, Long> d : List.copyOf(classicDeadlines(group).entrySet())) {
                if (groups.get(group.groupId()) == group && d.getValue() <= now && group.member(d.getKey()) != null) {
                    log.info("Classic member {} of consumer group {} fenced: it did not rejoin or sync within its "
                            + "rebalance timeout", d.getKey(), group.groupId());
                    removeMember(group, d.getKey());
                }
            }
        }
    }

    // ---------------------------------------------------------------- online migration and classic members

    /** Whether a classic group with members may become a consumer group now (Kafka's validateOnlineUpgrade). */
    boolean upgradeAllowed(ClassicGroup classic) {
        if (!settings.upgradeEnabled()) {
            log.info("Classic group {} is not upgraded to a consumer group: group.consumer.migration.policy is {}",
                    classic.groupId(), settings.migrationPolicy());
            return false;
        }
        if (!OnlineMigration.CONSUMER_PROTOCOL_TYPE.equals(classic.protocolType())) {
            log.info("Classic group {} is not upgraded to a consumer group: its protocol type is {}, not consumer",
                    classic.groupId(), classic.protocolType());
            return false;
        }
        if (classic.size() > settings.maxSize()) {
            log.info("Classic group {} is not upgraded to a consumer group: its {} members exceed "
                    + "group.consumer.max.size {}", classic.groupId(), classic.size(), settings.maxSize());
            return false;
        }
        return true;
    }

    /** Takes in a classic group converted online ({@link OnlineMigration#upgrade}); sessions start now. */
    void upgraded(ConsumerGroupSnapshot snapshot) {
        ConsumerGroup group = install(snapshot);
        log.info("Classic group {} became a consumer group at epoch {} with {} classic members", group.groupId(),
                group.groupEpoch(), group.size());
        changed.accept(group);
    }

    // ---------------------------------------------------------------- for ClassicMembersOfConsumerGroups

    /** Restarts the member's session (its own timeout for a classic member). */
    void restartSession(ConsumerGroup group, ConsumerGroupMember m) {
        sessions(group).put(m.memberId(), now() + sessionTimeoutMs(m));
    }

    /**
     * Gives a classic member until its rebalance timeout from now to rejoin or sync, else it is fenced; with
     * {@code restart} false an earlier deadline stands.
     */
    void rebalanceDeadline(ConsumerGroup group, ConsumerGroupMember m, boolean restart) {
        long deadline = now() + Math.max(0, m.rebalanceTimeoutMs());
        if (restart) {
            classicDeadlines(group).put(m.memberId(), deadline);
        } else {
            classicDeadlines(group).putIfAbsent(m.memberId(), deadline);
        }
    }

    void clearRebalanceDeadline(ConsumerGroup group, String memberId) {
        classicDeadlines(group).remove(memberId);
    }

    /** A static member's new incarnation takes over the old one's partitions and target. */
    void replaceStaticMember(ConsumerGroup group, ConsumerGroupMember existing, ConsumerGroupMember replacement) {
        group.replaceMember(existing.memberId(), replacement);
        sessions(group).remove(existing.memberId());
        revocations(group).remove(existing.memberId());
        classicDeadlines(group).remove(existing.memberId());
    }

    /** Journals the group's change. */
    void changed(ConsumerGroup group) {
        changed.accept(group);
    }

    // ---------------------------------------------------------------- assignment

    /** The existing topics the members subscribe to, by name or by regular expression. */
    private Map<String, TopicIdsAndPartitions.TopicInfo> subscribedTopics(ConsumerGroup group) {
        Map<String, TopicIdsAndPartitions.TopicInfo> all = topics.allTopics();
        Map<String, TopicIdsAndPartitions.TopicInfo> out = new TreeMap<>();
        for (ConsumerGroupMember m : group.members()) {
            for (String name : memberTopics(m, all)) {
                out.put(name, all.get(name));
            }
        }
        return out;
    }

    private static Set<String> memberTopics(ConsumerGroupMember m, Map<String, TopicIdsAndPartitions.TopicInfo> all) {
        Set<String> names = new TreeSet<>();
        for (String name : m.subscribedTopicNames()) {
            if (all.containsKey(name)) {
                names.add(name);
            }
        }
        if (m.subscribedTopicRegex() != null) {
            Pattern pattern = Pattern.compile(m.subscribedTopicRegex());
            for (String name : all.keySet()) {
                if (pattern.matches(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private void computeTarget(ConsumerGroup group, Map<String, TopicIdsAndPartitions.TopicInfo> subscribed) {
        group.subscribedTopics(subscribed);
        SortedMap<String, Set<UUID>> subscriptions = new TreeMap<>();
        Map<UUID, Integer> counts = new HashMap<>();
        subscribed.values().forEach(t -> counts.put(t.id(), t.partitions()));
        Map<String, PartitionAssignment> previous = new HashMap<>();
        for (ConsumerGroupMember m : group.members()) {
            Set<UUID> ids = new TreeSet<>();
            memberTopics(m, subscribed).forEach(name -> ids.add(subscribed.get(name).id()));
            subscriptions.put(m.memberId(), ids);
            previous.put(m.memberId(), group.targetAssignment(m.memberId()));
        }
        ServerAssignor assignor = assignors.get(preferredAssignor(group));
        group.target(assignor.assign(new ServerAssignor.Input(subscriptions, counts, previous)), assignor.name());
        log.debug("Consumer group {} has a new target assignment at epoch {} by the {} assignor", group.groupId(),
                group.groupEpoch(), assignor.name());
    }

    /** The assignor most members ask for (ties: the first configured), else the default. */
    private String preferredAssignor(ConsumerGroup group) {
        Map<String, Integer> votes = new HashMap<>();
        for (ConsumerGroupMember m : group.members()) {
            if (m.serverAssignor() != null) {
                votes.merge(m.serverAssignor(), 1, Integer::sum);
            }
        }
        String best = settings.assignors().get(0);
        int bestVotes = 0;
        for (String name : settings.assignors()) {
            int v = votes.getOrDefault(name, 0);
            if (v > bestVotes) {
                best = name;
                bestVotes = v;
            }
        }
        return best;
    }

    /** Moves the member one step toward its target and arms or clears its revocation deadline. */
    private ConsumerGroupMember reconcile(ConsumerGroup group, ConsumerGroupMember member, PartitionAssignment owned) {
        ConsumerGroupMember next = MemberReconciliation.next(member, group.targetAssignmentEpoch(),
                group.targetAssignment(member.memberId()), group::ownerEpoch, owned);
        if (!next.equals(member)) {
            group.putMember(next);
            log.debug("Member {} of consumer group {} now at epoch {} ({}): assigned {}, revoking {}",
                    next.memberId(), group.groupId(), next.memberEpoch(), next.state(), next.assigned(),
                    next.pendingRevocation());
        }
        if (next.state() == MemberReconciliationState.UNREVOKED_PARTITIONS && !next.usesClassicProtocol()) {
            RevocationDeadline d = revocations(group).get(next.memberId());
            if (d == null || d.epoch() != next.memberEpoch()) {
                revocations(group).put(next.memberId(),
                        new RevocationDeadline(next.memberEpoch(), now() + Math.max(0, next.rebalanceTimeoutMs())));
            }
        } else {
            revocations(group).remove(next.memberId());
        }
        return next;
    }

    // ---------------------------------------------------------------- offsets

    /**
     * Whether an OffsetCommit may store offsets for this group, as Kafka 4.3: epoch -1 from outside the group (the
     * admin, a consumer assigning itself) while it has no members; else the member must exist, use OffsetCommit v9+,
     * and not commit at an epoch newer than its own (STALE_MEMBER_EPOCH). An older epoch is checked partition by
     * partition ({@link #validateOffsetCommitPartition}).
     */
    ErrorCode validateOffsetCommit(ConsumerGroup group, int memberEpoch, String memberId, short apiVersion) {
        if (memberEpoch < 0 && group.isEmpty()) {
            return ErrorCode.NONE;
        }
        ConsumerGroupMember member = memberId == null ? null : group.member(memberId);
        if (member == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (member.usesClassicProtocol()) {
            // A classic member commits at its generation, which is its member epoch, at any version.
            return memberEpoch == member.memberEpoch() ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
        }
        if (apiVersion < 9) {
            return ErrorCode.UNSUPPORTED_VERSION;
        }
        return memberEpoch > member.memberEpoch() ? ErrorCode.STALE_MEMBER_EPOCH : ErrorCode.NONE;
    }

    /**
     * For a commit at an epoch older than the member's: the partition must be held by the member (assigned or being
     * revoked) since that epoch or an earlier one, else STALE_MEMBER_EPOCH, as Kafka 4.3 checks it.
     */
    ErrorCode validateOffsetCommitPartition(ConsumerGroup group, int memberEpoch, String memberId, UUID topicId,
                                            int partition) {
        ConsumerGroupMember member = memberId == null ? null : group.member(memberId);
        if (member == null || memberEpoch >= member.memberEpoch()) {
            return ErrorCode.NONE;
        }
        Integer since = topicId == null ? null : member.assignmentEpochs().epoch(topicId, partition);
        return since != null && since <= memberEpoch ? ErrorCode.NONE : ErrorCode.STALE_MEMBER_EPOCH;
    }

    /** TxnOffsetCommit's check: the member must exist at the epoch the producer was given. */
    ErrorCode validateTransactionalOffsetCommit(ConsumerGroup group, int memberEpoch, String memberId) {
        if (memberEpoch < 0 && (memberId == null || memberId.isEmpty())) {
            return ErrorCode.NONE;
        }
        ConsumerGroupMember member = memberId == null ? null : group.member(memberId);
        if (member == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        return memberEpoch == member.memberEpoch() ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    }

    /** OffsetFetch v9+'s check: a member naming itself must exist at that epoch. */
    ErrorCode validateOffsetFetch(ConsumerGroup group, String memberId, int memberEpoch) {
        if (memberId == null && memberEpoch < 0) {
            return ErrorCode.NONE;
        }
        ConsumerGroupMember member = memberId == null ? null : group.member(memberId);
        if (member == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (memberEpoch == member.memberEpoch()) {
            return ErrorCode.NONE;
        }
        return member.usesClassicProtocol() ? ErrorCode.ILLEGAL_GENERATION : ErrorCode.STALE_MEMBER_EPOCH;
    }
}
