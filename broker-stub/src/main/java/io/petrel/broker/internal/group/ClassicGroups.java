package io.petrel.broker.internal.group;

import io.petrel.broker.internal.MonotonicClock;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The classic group protocol's state machine over all groups: JoinGroup, SyncGroup, Heartbeat and
 * LeaveGroup move groups through Empty, PreparingRebalance, CompletingRebalance and Stable as Kafka's
 * coordinator does, and {@link #tick} fires the deadlines (session expiry, rebalance and sync timeouts,
 * the initial rebalance delay). Deadlines are milliseconds on a {@link MonotonicClock}, so a wall-clock
 * step neither expires sessions nor keeps dead members.
 *
 * <p>Every method must be called under the coordinator's lock. Parked JoinGroup and SyncGroup requests
 * are futures; completing one runs its continuation, so completions are queued here and run by the
 * caller once the lock is released ({@link #drainCompletions}).
 */
final class ClassicGroups {
    private static final Logger log = LoggerFactory.getLogger(ClassicGroups.class);

    /** How long a new member's first JoinGroup may stay parked before the member is dropped (Kafka's 5 min). */
    static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

    /** A JoinGroup, decoded. */
    record JoinRequest(String groupId, String memberId, String groupInstanceId, int sessionTimeoutMs,
                       int rebalanceTimeoutMs, String protocolType, List<GroupMember.Protocol> protocols,
                       String clientId, String clientHost, boolean requireKnownMemberId,
                       boolean supportsSkippingAssignment, String reason) {
    }

    /** One member a LeaveGroup names. */
    record LeavingMember(String memberId, String groupInstanceId, String reason) {
    }

    /** A LeaveGroup's outcome: a group-level error and one error per member named. */
    record LeaveResult(ErrorCode error, List<ErrorCode> memberErrors) {
    }

    private final Map<String, ClassicGroup> groups = new TreeMap<>();
    private final MonotonicClock clock;
    private final int initialRebalanceDelayMs;
    private final int minSessionTimeoutMs;
    private final int maxSessionTimeoutMs;
    private final Consumer<ClassicGroup> protocolTypeChanged;
    private final Consumer<ClassicGroup> settled;
    private final List<Runnable> completions = new ArrayList<>();

    /**
     * @param protocolTypeChanged told when a group is created or its protocol type changes, so it can
     *                            be recorded durably
     * @param settled             told when a group's membership settles (it becomes Stable, a Stable
     *                            static member gets a new id, or it becomes Empty), so it can be recorded
     */
    ClassicGroups(MonotonicClock clock, int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                  Consumer<ClassicGroup> protocolTypeChanged, Consumer<ClassicGroup> settled) {
        this.clock = clock;
        this.initialRebalanceDelayMs = initialRebalanceDelayMs;
        this.minSessionTimeoutMs = minSessionTimeoutMs;
        this.maxSessionTimeoutMs = maxSessionTimeoutMs;
        this.protocolTypeChanged = protocolTypeChanged;
        this.settled = settled;
    }

    /** Future completions queued while the lock was held; the caller runs them after releasing it. */
    List<Runnable> drainCompletions() {
        if (completions.isEmpty()) {
            return List.of();
        }
        List<Runnable> drained = new ArrayList<>(completions);
        completions.clear();
        return drained;
    }

    /** Registers a group known from the journal (Empty, no members). */
    void restoreGroup(String groupId, String protocolType) {
        groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, protocolType));
    }

    /**
     * Puts back a group's membership from its journal snapshot: Stable with its members, each of whose
     * sessions starts now (so members that do not come back expire), or Empty at its generation.
     */
    void restoreMembership(GroupSnapshot snapshot) {
        ClassicGroup group = groups.computeIfAbsent(snapshot.groupId(), id -> new ClassicGroup(id, null));
        List<GroupMember> members = new ArrayList<>(snapshot.members().size());
        for (GroupSnapshot.MemberSnapshot m : snapshot.members()) {
            members.add(m.toMember(snapshot.protocolType(), now()));
        }
        group.restore(snapshot.generationId(), snapshot.protocolType(), snapshot.protocolName(), snapshot.leaderId(),
                members);
        log.info("Restored group {} as {} at generation {} with {} members", group.groupId(),
                group.state().displayName(), group.generationId(), group.size());
    }

    /** Forgets an Empty group (DeleteGroups, offset expiry); a later JoinGroup creates it anew. */
    void removeGroup(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group != null && !group.is(GroupState.EMPTY)) {
            throw new IllegalStateException("Group " + groupId + " is " + group.state().displayName() + ", not Empty");
        }
        groups.remove(groupId);
    }

    ClassicGroup group(String groupId) {
        return groups.get(groupId);
    }

    /**
     * Lets go of a group that became a consumer group (online upgrade): members waiting on a JoinGroup or SyncGroup
     * are told REBALANCE_IN_PROGRESS, so they rejoin the consumer group, as Kafka does.
     */
    void removeUpgraded(String groupId) {
        ClassicGroup group = groups.remove(groupId);
        if (group == null) {
            return;
        }
        answerParked(group, ErrorCode.REBALANCE_IN_PROGRESS);
    }

    /**
     * Takes in a consumer group that became classic again (online downgrade): Stable at the snapshot's generation
     * with its members and their assignments, recorded as such, then, if {@code rebalance}, rebalancing at once so
     * the members agree on a classic assignment, as Kafka does (it does not when a static member's replacement
     * triggered the conversion and left every assignment as it was).
     */
    void adoptDowngraded(GroupSnapshot snapshot, boolean rebalance) {
        ClassicGroup group = new ClassicGroup(snapshot.groupId(), snapshot.protocolType());
        List<GroupMember> members = new ArrayList<>(snapshot.members().size());
        for (GroupSnapshot.MemberSnapshot m : snapshot.members()) {
            members.add(m.toMember(snapshot.protocolType(), now()));
        }
        group.restore(snapshot.generationId(), snapshot.protocolType(), null, null, members);
        group.chooseProtocol();
        groups.put(group.groupId(), group);
        protocolTypeChanged.accept(group);
        settled.accept(group);
        if (rebalance) {
            prepareRebalance(group, "the group was downgraded from a consumer group");
        }
    }

    Collection<ClassicGroup> groups() {
        return groups.values();
    }

    private long now() {
        return clock.elapsedMillis();
    }

    // ---------------------------------------------------------------- JoinGroup

    CompletableFuture<JoinResult> join(JoinRequest r) {
        if (r.groupId() == null || r.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(JoinResult.error(r.memberId(), ErrorCode.INVALID_GROUP_ID));
        }
        if (r.sessionTimeoutMs() < minSessionTimeoutMs || r.sessionTimeoutMs() > maxSessionTimeoutMs) {
            return CompletableFuture.completedFuture(JoinResult.error(r.memberId(), ErrorCode.INVALID_SESSION_TIMEOUT));
        }
        boolean unknownMember = r.memberId().isEmpty();
        ClassicGroup group = groups.get(r.groupId());
        if (group == null) {
            if (!unknownMember) {
                return CompletableFuture.completedFuture(JoinResult.error(r.memberId(), ErrorCode.UNKNOWN_MEMBER_ID));
            }
            group = new ClassicGroup(r.groupId(), null);
            groups.put(r.groupId(), group);
            log.info("Created classic group {}", r.groupId());
        }
        CompletableFuture<JoinResult> future = new CompletableFuture<>();
        String typeBefore = group.protocolType();
        if (unknownMember) {
            joinNewMember(group, r, future);
        } else {
            joinExistingMember(group, r, future);
        }
        if (!Objects.equals(typeBefore, group.protocolType())) {
            protocolTypeChanged.accept(group);
        }
        return future;
    }

    private void joinNewMember(ClassicGroup group, JoinRequest r, CompletableFuture<JoinResult> future) {
        if (!group.supportsProtocols(r.protocolType(), r.protocols())) {
            complete(future, JoinResult.error("", ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        String newMemberId = newMemberId(r.groupInstanceId() != null ? r.groupInstanceId() : r.clientId());
        if (r.groupInstanceId() != null) {
            String existing = group.staticMemberId(r.groupInstanceId());
            if (existing != null) {
                log.info("Static member {} of group {} rejoins in {} with a new member id {}, replacing {}",
                        r.groupInstanceId(), group.groupId(), group.state().displayName(), newMemberId, existing);
                updateStaticMember(group, r, existing, newMemberId, future);
            } else {
                log.info("Static member {} joins group {} in {} as {}", r.groupInstanceId(), group.groupId(),
                        group.state().displayName(), newMemberId);
                addMember(group, r, newMemberId, future);
            }
        } else if (r.requireKnownMemberId()) {
            // The member must come back with the id it is given; until then it only holds a place.
            group.pendingJoinMembers().put(newMemberId, now() + r.sessionTimeoutMs());
            log.info("Dynamic member joins group {} in {}; asking it to rejoin as {}", group.groupId(),
                    group.state().displayName(), newMemberId);
            complete(future, new JoinResult(ErrorCode.MEMBER_ID_REQUIRED, newMemberId, -1, null, null, "", false,
                    List.of()));
        } else {
            addMember(group, r, newMemberId, future);
        }
    }

    private void joinExistingMember(ClassicGroup group, JoinRequest r, CompletableFuture<JoinResult> future) {
        String memberId = r.memberId();
        if (!group.supportsProtocols(r.protocolType(), r.protocols())) {
            complete(future, JoinResult.error(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        if (group.isPendingJoin(memberId) && r.groupInstanceId() == null) {
            log.debug("Pending member {} rejoins group {} in {}", memberId, group.groupId(), group.state().displayName());
            addMember(group, r, memberId, future);
            return;
        }
        ErrorCode invalid = group.validateMember(memberId, r.groupInstanceId());
        if (invalid != ErrorCode.NONE) {
            complete(future, JoinResult.error(memberId, invalid));
            return;
        }
        GroupMember member = group.member(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberThenRebalance(group, member, r, future,
                    "member " + memberId + " rejoining during PreparingRebalance");
            case COMPLETING_REBALANCE -> {
                if (member.matches(r.protocols())) {
                    // It lost its JoinGroup response; the current generation's answer still stands.
                    complete(future, currentGeneration(group, memberId, group.isLeader(memberId), group.leaderId(),
                            false));
                } else {
                    updateMemberThenRebalance(group, member, r, future,
                            "member " + memberId + " changed its metadata during CompletingRebalance");
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId)) {
                    // A leader rejoining asks for a rebalance (e.g. topic metadata changed its assignment).
                    updateMemberThenRebalance(group, member, r, future, "leader " + memberId + " rejoined");
                } else if (!member.matches(r.protocols())) {
                    updateMemberThenRebalance(group, member, r, future,
                            "member " + memberId + " changed its metadata");
                } else {
                    complete(future, currentGeneration(group, memberId, false, group.leaderId(), false));
                }
            }
            default -> {
                log.warn("Member {} rejoins group {} in unexpected state {}", memberId, group.groupId(),
                        group.state().displayName());
                complete(future, JoinResult.error(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
            }
        }
    }

    private JoinResult currentGeneration(ClassicGroup group, String memberId, boolean withMembers, String leader,
                                         boolean skipAssignment) {
        return new JoinResult(ErrorCode.NONE, memberId, group.generationId(), group.protocolType(),
                group.protocolName(), leader == null ? "" : leader, skipAssignment,
                withMembers ? group.currentMembers() : List.of());
    }

    private void addMember(ClassicGroup group, JoinRequest r, String memberId, CompletableFuture<JoinResult> future) {
        GroupMember member = new GroupMember(memberId, r.groupInstanceId(), r.clientId(), r.clientHost(),
                r.protocolType(), r.rebalanceTimeoutMs(), r.sessionTimeoutMs(), r.protocols());
        member.isNew(true);
        if (group.is(GroupState.PREPARING_REBALANCE) && group.previousState() == GroupState.EMPTY) {
            group.newMemberAdded(true);
        }
        group.add(member);
        member.joinFuture(future);
        // A new member cannot heartbeat before it has its id, so only a generous join timeout applies to it.
        member.heartbeatDeadline(now() + NEW_MEMBER_JOIN_TIMEOUT_MS);
        maybePrepareRebalanceOrCompleteJoin(group, "new member " + memberId + " joined"
                + (r.reason() == null ? "" : " (" + r.reason() + ")"));
    }

    private void updateMemberThenRebalance(ClassicGroup group, GroupMember member, JoinRequest r,
                                           CompletableFuture<JoinResult> future, String reason) {
        updateMember(member, r, future);
        maybePrepareRebalanceOrCompleteJoin(group, reason + (r.reason() == null ? "" : " (" + r.reason() + ")"));
    }

    private void updateMember(GroupMember member, JoinRequest r, CompletableFuture<JoinResult> future) {
        member.update(r.protocols(), r.rebalanceTimeoutMs(), r.sessionTimeoutMs());
        CompletableFuture<JoinResult> previous = member.joinFuture();
        if (previous != null && previous != future) {
            // A retried JoinGroup (its first connection is likely gone) supersedes the parked one.
            complete(previous, JoinResult.error(member.memberId(), ErrorCode.REBALANCE_IN_PROGRESS));
        }
        member.joinFuture(future);
    }

    private void updateStaticMember(ClassicGroup group, JoinRequest r, String oldMemberId, String newMemberId,
                                    CompletableFuture<JoinResult> future) {
        String previousLeader = group.leaderId();
        GroupMember old = group.member(oldMemberId);
        // Whoever still waits under the old id is a duplicate of this instance now.
        if (old.joinFuture() != null) {
            complete(old.joinFuture(), JoinResult.error(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
            old.joinFuture(null);
        }
        if (old.syncFuture() != null) {
            complete(old.syncFuture(), SyncResult.error(ErrorCode.FENCED_INSTANCE_ID));
            old.syncFuture(null);
        }
        GroupMember member = group.replaceStaticMember(r.groupInstanceId(), oldMemberId, newMemberId);
        rescheduleHeartbeat(member);
        updateMember(member, r, future);
        switch (group.state()) {
            case STABLE -> {
                String selected = group.selectProtocol();
                if (Objects.equals(group.protocolName(), selected)) {
                    log.info("Static member {} of group {} rejoined without changing the chosen protocol; "
                            + "no rebalance", r.groupInstanceId(), group.groupId());
                    JoinResult result;
                    if (r.supportsSkippingAssignment()) {
                        boolean isLeader = group.isLeader(newMemberId);
                        result = currentGeneration(group, newMemberId, isLeader, group.leaderId(), isLeader);
                    } else {
                        // Older clients are told the old leader id, so even a rejoining leader just syncs.
                        result = currentGeneration(group, newMemberId, false, previousLeader, false);
                    }
                    member.joinFuture(null);
                    complete(future, result);
                    settled.accept(group);
                } else {
                    maybePrepareRebalanceOrCompleteJoin(group, "static member " + newMemberId
                            + " rejoined with a change of protocol");
                }
            }
            case COMPLETING_REBALANCE ->
                // The leader may already be assigning to the old id; start over so the new id gets a share.
                    prepareRebalance(group, "static member " + r.groupInstanceId() + " rejoined as " + newMemberId
                            + " during CompletingRebalance");
            case PREPARING_REBALANCE -> maybeCompleteJoinPhase(group);
            default -> log.error("Group {} has static member {} but is {}", group.groupId(), r.groupInstanceId(),
                    group.state().displayName());
        }
    }

    private static String newMemberId(String prefix) {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return (prefix == null ? "" : prefix) + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    // ---------------------------------------------------------------- rebalance phases

    private void maybePrepareRebalanceOrCompleteJoin(ClassicGroup group, String reason) {
        if (group.canRebalance()) {
            prepareRebalance(group, reason);
        } else {
            maybeCompleteJoinPhase(group);
        }
    }

    private void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            // Members waiting on SyncGroup must rejoin instead.
            for (GroupMember m : group.members()) {
                m.assignment(GroupMember.NO_ASSIGNMENT);
            }
            propagateAssignment(group, ErrorCode.REBALANCE_IN_PROGRESS);
        }
        group.pendingSyncMembers().clear();
        group.cancelSync();
        boolean initial = group.is(GroupState.EMPTY);
        group.transitionTo(GroupState.PREPARING_REBALANCE);
        log.info("Preparing to rebalance group {} with old generation {} ({})", group.groupId(), group.generationId(),
                reason);
        if (initial) {
            int remaining = Math.max(group.rebalanceTimeoutMs() - initialRebalanceDelayMs, 0);
            if (initialRebalanceDelayMs == 0) {
                completeJoin(group);
            } else {
                group.scheduleJoin(now() + initialRebalanceDelayMs, true, initialRebalanceDelayMs, remaining);
            }
        } else if (group.hasAllMembersJoined()) {
            completeJoin(group);
        } else {
            group.scheduleJoin(now() + group.rebalanceTimeoutMs(), false, 0, 0);
        }
    }

    /** Completes the join phase if everyone is in, except in a first rebalance, which waits out its delay. */
    private void maybeCompleteJoinPhase(ClassicGroup group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && group.previousState() != GroupState.EMPTY
                && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    /** The initial delay ran out: wait once more if members are still arriving, else complete the join. */
    private void initialDelayExpired(ClassicGroup group) {
        int delay = group.initialDelayMs();
        int remaining = group.initialRemainingMs();
        if (group.newMemberAdded() && remaining != 0) {
            group.newMemberAdded(false);
            int nextDelay = Math.min(initialRebalanceDelayMs, remaining);
            int nextRemaining = Math.max(remaining - delay, 0);
            group.scheduleJoin(now() + nextDelay, true, nextDelay, nextRemaining);
        } else {
            completeJoin(group);
        }
    }

    /**
     * Ends the join phase: dynamic members that did not rejoin are dropped, a leader is chosen among
     * those that did, the generation advances, and every parked JoinGroup is answered.
     */
    private void completeJoin(ClassicGroup group) {
        group.cancelJoin();
        List<String> dropped = new ArrayList<>();
        for (GroupMember m : group.notYetRejoined()) {
            if (!m.isStatic()) {
                removeMember(group, m);
                dropped.add(m.memberId());
            }
        }
        if (!dropped.isEmpty()) {
            log.info("Group {} removed members that did not rejoin: {}", group.groupId(), dropped);
        }
        if (!group.maybeElectNewJoinedLeader() && !group.isEmpty()) {
            // Only static members that have not rejoined are left; give them until the rebalance timeout.
            log.error("Group {} could not complete its rebalance because no member rejoined", group.groupId());
            group.scheduleJoin(now() + group.rebalanceTimeoutMs(), false, 0, 0);
            return;
        }
        group.initNextGeneration();
        if (group.is(GroupState.EMPTY)) {
            log.info("Group {} with generation {} is now empty", group.groupId(), group.generationId());
            settled.accept(group);
            return;
        }
        log.info("Stabilized group {} generation {} with {} members, protocol {}, leader {}", group.groupId(),
                group.generationId(), group.size(), group.protocolName(), group.leaderId());
        for (GroupMember m : group.members()) {
            if (m.joinFuture() != null) {
                boolean isLeader = group.isLeader(m.memberId());
                CompletableFuture<JoinResult> f = m.joinFuture();
                m.joinFuture(null);
                complete(f, currentGeneration(group, m.memberId(), isLeader, group.leaderId(), false));
            }
            rescheduleHeartbeat(m);
            m.isNew(false);
            group.pendingSyncMembers().add(m.memberId());
        }
        group.scheduleSync(now() + group.rebalanceTimeoutMs(), group.generationId());
    }

    /** Answers every parked SyncGroup with the member's assignment, or with the error. */
    private void propagateAssignment(ClassicGroup group, ErrorCode error) {
        for (GroupMember m : group.members()) {
            CompletableFuture<SyncResult> f = m.syncFuture();
            if (f == null) {
                continue;
            }
            m.syncFuture(null);
            if (error == ErrorCode.NONE) {
                complete(f, new SyncResult(ErrorCode.NONE, group.protocolType(), group.protocolName(), m.assignment()));
            } else {
                complete(f, SyncResult.error(error));
            }
            rescheduleHeartbeat(m);
        }
    }

    private void rescheduleHeartbeat(GroupMember m) {
        m.heartbeatDeadline(now() + m.sessionTimeoutMs());
    }

    /** Removes a member, answering whatever it has parked: its JoinGroup or SyncGroup gets UNKNOWN_MEMBER_ID. */
    private void removeMember(ClassicGroup group, GroupMember m) {
        if (m.joinFuture() != null) {
            complete(m.joinFuture(), JoinResult.error("", ErrorCode.UNKNOWN_MEMBER_ID));
            m.joinFuture(null);
        }
        if (m.syncFuture() != null) {
            complete(m.syncFuture(), SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
            m.syncFuture(null);
        }
        group.remove(m.memberId());
    }

    /** After a member is gone: rebalance a settled group, or finish a join phase that now has everyone. */
    private void afterMemberRemoved(ClassicGroup group, String reason) {
        if (group.is(GroupState.STABLE) || group.is(GroupState.COMPLETING_REBALANCE)) {
            maybePrepareRebalanceOrCompleteJoin(group, reason);
        } else if (group.is(GroupState.PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    // ---------------------------------------------------------------- SyncGroup

    CompletableFuture<SyncResult> sync(String groupId, int generationId, String memberId, String groupInstanceId,
                                       String protocolType, String protocolName, Map<String, byte[]> assignments) {
        if (groupId == null || groupId.isEmpty()) {
            return CompletableFuture.completedFuture(SyncResult.error(ErrorCode.INVALID_GROUP_ID));
        }
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return CompletableFuture.completedFuture(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
        }
        ErrorCode invalid = group.validateMember(memberId, groupInstanceId);
        if (invalid == ErrorCode.NONE && generationId != group.generationId()) {
            invalid = ErrorCode.ILLEGAL_GENERATION;
        }
        if (invalid == ErrorCode.NONE && (inconsistent(protocolType, group.protocolType())
                || inconsistent(protocolName, group.protocolName()))) {
            invalid = ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (invalid != ErrorCode.NONE) {
            return CompletableFuture.completedFuture(SyncResult.error(invalid));
        }
        GroupMember member = group.member(memberId);
        switch (group.state()) {
            case EMPTY -> {
                return CompletableFuture.completedFuture(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
            }
            case PREPARING_REBALANCE -> {
                return CompletableFuture.completedFuture(SyncResult.error(ErrorCode.REBALANCE_IN_PROGRESS));
            }
            case COMPLETING_REBALANCE -> {
                CompletableFuture<SyncResult> future = new CompletableFuture<>();
                if (member.syncFuture() != null) {
                    complete(member.syncFuture(), SyncResult.error(ErrorCode.REBALANCE_IN_PROGRESS));
                }
                member.syncFuture(future);
                removePendingSync(group, memberId);
                if (group.isLeader(memberId)) {
                    for (GroupMember m : group.members()) {
                        m.assignment(assignments.getOrDefault(m.memberId(), GroupMember.NO_ASSIGNMENT));
                    }
                    propagateAssignment(group, ErrorCode.NONE);
                    group.transitionTo(GroupState.STABLE);
                    log.info("Group {} generation {} is stable: the leader's assignment went to {} members",
                            group.groupId(), group.generationId(), group.size());
                    settled.accept(group);
                }
                return future;
            }
            case STABLE -> {
                removePendingSync(group, memberId);
                return CompletableFuture.completedFuture(new SyncResult(ErrorCode.NONE, group.protocolType(),
                        group.protocolName(), member.assignment()));
            }
            default -> {
                return CompletableFuture.completedFuture(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
            }
        }
    }

    private static boolean inconsistent(String requested, String actual) {
        return requested != null && actual != null && !requested.equals(actual);
    }

    private void removePendingSync(ClassicGroup group, String memberId) {
        group.pendingSyncMembers().remove(memberId);
        if (group.hasReceivedSyncFromAllMembers()) {
            group.cancelSync();
        }
    }

    // ---------------------------------------------------------------- Heartbeat

    ErrorCode heartbeat(String groupId, int generationId, String memberId, String groupInstanceId) {
        if (groupId == null || groupId.isEmpty()) {
            return ErrorCode.INVALID_GROUP_ID;
        }
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        ErrorCode invalid = group.validateMember(memberId, groupInstanceId);
        if (invalid != ErrorCode.NONE) {
            return invalid;
        }
        if (generationId != group.generationId()) {
            return ErrorCode.ILLEGAL_GENERATION;
        }
        switch (group.state()) {
            case PREPARING_REBALANCE -> {
                rescheduleHeartbeat(group.member(memberId));
                return ErrorCode.REBALANCE_IN_PROGRESS;
            }
            case COMPLETING_REBALANCE, STABLE -> {
                rescheduleHeartbeat(group.member(memberId));
                return ErrorCode.NONE;
            }
            default -> {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
        }
    }

    // ---------------------------------------------------------------- LeaveGroup

    LeaveResult leave(String groupId, List<LeavingMember> leaving) {
        if (groupId == null || groupId.isEmpty()) {
            return new LeaveResult(ErrorCode.INVALID_GROUP_ID, List.of());
        }
        ClassicGroup group = groups.get(groupId);
        List<ErrorCode> errors = new ArrayList<>(leaving.size());
        if (group == null) {
            for (int i = 0; i < leaving.size(); i++) {
                errors.add(ErrorCode.UNKNOWN_MEMBER_ID);
            }
            return new LeaveResult(ErrorCode.NONE, errors);
        }
        List<String> left = new ArrayList<>();
        for (LeavingMember l : leaving) {
            String reason = l.reason() == null ? "not provided" : l.reason();
            if (l.memberId().isEmpty()) {
                // An admin may remove a static member by its instance id alone.
                String current = l.groupInstanceId() == null ? null : group.staticMemberId(l.groupInstanceId());
                if (current == null) {
                    errors.add(ErrorCode.UNKNOWN_MEMBER_ID);
                } else {
                    log.info("Static member {} ({}) removed from group {} by LeaveGroup; reason: {}", current,
                            l.groupInstanceId(), groupId, reason);
                    removeMember(group, group.member(current));
                    left.add(current);
                    errors.add(ErrorCode.NONE);
                }
            } else if (group.isPendingJoin(l.memberId())) {
                group.remove(l.memberId());
                log.info("Pending member {} left group {}; reason: {}", l.memberId(), groupId, reason);
                left.add(l.memberId());
                errors.add(ErrorCode.NONE);
            } else {
                ErrorCode invalid = group.validateMember(l.memberId(), l.groupInstanceId());
                if (invalid == ErrorCode.NONE) {
                    log.info("Member {} left group {}; reason: {}", l.memberId(), groupId, reason);
                    removeMember(group, group.member(l.memberId()));
                    left.add(l.memberId());
                }
                errors.add(invalid);
            }
        }
        if (!left.isEmpty()) {
            String reason = "members " + left + " left";
            switch (group.state()) {
                case STABLE, COMPLETING_REBALANCE -> maybePrepareRebalanceOrCompleteJoin(group, reason);
                case PREPARING_REBALANCE -> maybeCompleteJoinPhase(group);
                default -> {
                }
            }
        }
        return new LeaveResult(ErrorCode.NONE, errors);
    }

    // ---------------------------------------------------------------- OffsetCommit checks

    /**
     * Whether a TxnOffsetCommit naming a member may be held in its transaction: as Kafka, the group must
     * exist and the member be current at that generation; a rebalance in progress does not refuse it.
     */
    ErrorCode validateTransactionalOffsetCommit(String groupId, int generationId, String memberId,
                                                String groupInstanceId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return ErrorCode.ILLEGAL_GENERATION;
        }
        ErrorCode invalid = group.validateMember(memberId, groupInstanceId);
        if (invalid != ErrorCode.NONE) {
            return invalid;
        }
        return generationId == group.generationId() ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    }

    /**
     * Whether a commit with these ids may be stored. Generation -1 with no member id commits for a
     * group without members (creating it if need be); otherwise the member must be current.
     */
    ErrorCode validateOffsetCommit(String groupId, int generationId, String memberId, String groupInstanceId,
                                   short apiVersion) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            if (generationId < 0) {
                log.info("Creating simple group {} for a manual offset commit", groupId);
                groups.put(groupId, new ClassicGroup(groupId, null));
                return ErrorCode.NONE;
            }
            return apiVersion >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION;
        }
        if (generationId < 0 && group.is(GroupState.EMPTY)) {
            return ErrorCode.NONE;
        }
        if (generationId >= 0 || !memberId.isEmpty() || groupInstanceId != null) {
            ErrorCode invalid = group.validateMember(memberId, groupInstanceId);
            if (invalid != ErrorCode.NONE) {
                return invalid;
            }
            if (generationId != group.generationId()) {
                return ErrorCode.ILLEGAL_GENERATION;
            }
        } else if (!group.is(GroupState.EMPTY)) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            // The member has its new generation but not yet its assignment; it should finish syncing first.
            return ErrorCode.REBALANCE_IN_PROGRESS;
        }
        return ErrorCode.NONE;
    }

    // ---------------------------------------------------------------- deadlines

    /** Fires every deadline that has passed: sessions, pending members, join and sync timeouts. */
    void tick() {
        long now = now();
        for (ClassicGroup group : new ArrayList<>(groups.values())) {
            for (Map.Entry<String, Long> pending : new ArrayList<>(group.pendingJoinMembers().entrySet())) {
                if (pending.getValue() <= now) {
                    log.info("Pending member {} of group {} did not rejoin in time", pending.getKey(), group.groupId());
                    group.remove(pending.getKey());
                    if (group.is(GroupState.PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
                        completeJoin(group);
                    }
                }
            }
            for (GroupMember m : new ArrayList<>(group.members())) {
                if (group.member(m.memberId()) != m || m.heartbeatDeadline() > now || heartbeatSatisfied(m)) {
                    continue;
                }
                log.info("Member {} of group {} has failed (session timeout {} ms), removing it", m, group.groupId(),
                        m.sessionTimeoutMs());
                removeMember(group, m);
                afterMemberRemoved(group, "member " + m.memberId() + " expired");
            }
            if (group.joinDeadline() <= now) {
                if (!group.is(GroupState.PREPARING_REBALANCE)) {
                    group.cancelJoin();
                } else if (group.initialJoinTimer()) {
                    initialDelayExpired(group);
                } else {
                    completeJoin(group);
                }
            }
            if (group.syncDeadline() <= now) {
                expirePendingSync(group);
            }
        }
    }

    /** A member past its deadline survives only while it has a JoinGroup or SyncGroup parked (and is not new). */
    private static boolean heartbeatSatisfied(GroupMember m) {
        return !m.isNew() && (m.isAwaitingJoin() || m.isAwaitingSync());
    }

    private void expirePendingSync(ClassicGroup group) {
        group.cancelSync();
        if (group.syncGeneration() != group.generationId()) {
            return;
        }
        if ((group.is(GroupState.COMPLETING_REBALANCE) || group.is(GroupState.STABLE))
                && !group.hasReceivedSyncFromAllMembers()) {
            List<String> missing = new ArrayList<>(group.pendingSyncMembers());
            for (String id : missing) {
                GroupMember m = group.member(id);
                if (m != null) {
                    removeMember(group, m);
                } else {
                    group.remove(id);
                }
            }
            log.info("Group {} removed members that did not send SyncGroup in time: {}", group.groupId(), missing);
            prepareRebalance(group, "members " + missing + " did not sync in time");
        }
    }

    /** Answers every parked request with NOT_COORDINATOR, as a coordinator does when it unloads. */
    void shutdown() {
        for (ClassicGroup group : groups.values()) {
            answerParked(group, ErrorCode.NOT_COORDINATOR);
        }
    }

    /** Answers every JoinGroup and SyncGroup parked in the group with {@code error}. */
    private void answerParked(ClassicGroup group, ErrorCode error) {
        for (GroupMember m : group.members()) {
            if (m.joinFuture() != null) {
                complete(m.joinFuture(), JoinResult.error(m.memberId(), error));
                m.joinFuture(null);
            }
            if (m.syncFuture() != null) {
                complete(m.syncFuture(), SyncResult.error(error));
                m.syncFuture(null);
            }
        }
    }

    private <T> void complete(CompletableFuture<T> future, T value) {
        completions.add(() -> future.complete(value));
    }
}
