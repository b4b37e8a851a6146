package io.petrel.broker.internal.group;

import io.petrel.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The state of one classic group: members in join order (the first becomes leader), the static
 * member index, members still to rejoin or sync, the generation and chosen protocol, and the group's
 * deadlines. It holds no logic about when to rebalance; {@link ClassicGroups} drives it. Not
 * thread-safe: the coordinator's lock guards it.
 */
final class ClassicGroup {
    /** A deadline that never comes. */
    static final long NEVER = Long.MAX_VALUE;

    private final String groupId;
    private GroupState state = GroupState.EMPTY;
    private GroupState previousState;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final LinkedHashMap<String, GroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    /** Members told MEMBER_ID_REQUIRED who have not yet rejoined, with the deadline to do so. */
    private final Map<String, Long> pendingJoinMembers = new LinkedHashMap<>();
    /** Members of the current generation the coordinator has not yet had a SyncGroup from. */
    private final Set<String> pendingSyncMembers = new LinkedHashSet<>();
    private boolean newMemberAdded;

    private long joinDeadline = NEVER;
    private boolean initialJoinTimer;
    private int initialDelayMs;
    private int initialRemainingMs;
    private long syncDeadline = NEVER;
    private int syncGeneration;

    ClassicGroup(String groupId, String protocolType) {
        this.groupId = groupId;
        this.protocolType = protocolType == null || protocolType.isEmpty() ? null : protocolType;
    }

    String groupId() {
        return groupId;
    }

    GroupState state() {
        return state;
    }

    GroupState previousState() {
        return previousState;
    }

    boolean is(GroupState s) {
        return state == s;
    }

    void transitionTo(GroupState next) {
        if (!next.validPrevious().contains(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot go from " + state.displayName() + " to "
                    + next.displayName());
        }
        previousState = state;
        state = next;
    }

    /** Whether a rebalance may start from the current state. */
    boolean canRebalance() {
        return GroupState.PREPARING_REBALANCE.validPrevious().contains(state);
    }

    int generationId() {
        return generationId;
    }

    /** The protocol type, or null for a group no member has joined (a simple group). */
    String protocolType() {
        return protocolType;
    }

    String protocolName() {
        return protocolName;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    Collection<GroupMember> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    GroupMember member(String memberId) {
        return members.get(memberId);
    }

    boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    String staticMemberId(String groupInstanceId) {
        return staticMembers.get(groupInstanceId);
    }

    Map<String, Long> pendingJoinMembers() {
        return pendingJoinMembers;
    }

    boolean isPendingJoin(String memberId) {
        return pendingJoinMembers.containsKey(memberId);
    }

    Set<String> pendingSyncMembers() {
        return pendingSyncMembers;
    }

    boolean newMemberAdded() {
        return newMemberAdded;
    }

    void newMemberAdded(boolean added) {
        this.newMemberAdded = added;
    }

    /** Adds a member; the first member fixes the protocol type and the first in line leads. */
    void add(GroupMember member) {
        if (members.isEmpty()) {
            protocolType = member.protocolType();
        }
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        pendingJoinMembers.remove(member.memberId());
        if (leaderId == null) {
            leaderId = member.memberId();
        }
    }

    /** Removes a member or a pending member; the leadership passes to the next member in join order. */
    GroupMember remove(String memberId) {
        pendingJoinMembers.remove(memberId);
        pendingSyncMembers.remove(memberId);
        GroupMember removed = members.remove(memberId);
        if (removed != null && removed.isStatic()) {
            staticMembers.remove(removed.groupInstanceId(), memberId);
        }
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        return removed;
    }

    /**
     * Puts a static member under a new member id, at the same place in join order, keeping its
     * assignment; returns the member under its new id. The caller answers the old id's parked requests.
     */
    GroupMember replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
        GroupMember old = members.get(oldMemberId);
        if (old == null) {
            throw new IllegalArgumentException("Group " + groupId + " has no member " + oldMemberId);
        }
        GroupMember replacement = old.withMemberId(newMemberId);
        LinkedHashMap<String, GroupMember> reordered = new LinkedHashMap<>();
        for (Map.Entry<String, GroupMember> e : members.entrySet()) {
            if (e.getKey().equals(oldMemberId)) {
                reordered.put(newMemberId, replacement);
            } else {
                reordered.put(e.getKey(), e.getValue());
            }
        }
        members.clear();
        members.putAll(reordered);
        staticMembers.put(groupInstanceId, newMemberId);
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(newMemberId);
        }
        if (oldMemberId.equals(leaderId)) {
            leaderId = newMemberId;
        }
        return replacement;
    }

    /** UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID if the ids do not name a current member, else NONE. */
    ErrorCode validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = staticMembers.get(groupInstanceId);
            if (current == null) {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
            return current.equals(memberId) ? ErrorCode.NONE : ErrorCode.FENCED_INSTANCE_ID;
        }
        return members.containsKey(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }

    /**
     * Whether a member offering these protocols may join: any type and protocols start an empty group;
     * otherwise the type must match and one offered protocol must be one every member supports.
     */
    boolean supportsProtocols(String memberProtocolType, List<GroupMember.Protocol> offered) {
        if (state == GroupState.EMPTY) {
            return memberProtocolType != null && !memberProtocolType.isEmpty() && !offered.isEmpty();
        }
        if (!Objects.equals(protocolType, memberProtocolType)) {
            return false;
        }
        for (GroupMember.Protocol p : offered) {
            if (supportedByAll(p.name())) {
                return true;
            }
        }
        return false;
    }

    private boolean supportedByAll(String protocol) {
        for (GroupMember m : members.values()) {
            if (!m.supports(protocol)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The protocol for the next generation: among those every member supports, each member votes for
     * its most preferred, and the most votes win; a tie goes to the leader's preference.
     */
    String selectProtocol() {
        List<String> candidates = new ArrayList<>();
        GroupMember leader = leaderId == null ? null : members.get(leaderId);
        List<GroupMember.Protocol> order = leader != null ? leader.protocols()
                : members.isEmpty() ? List.of() : members.values().iterator().next().protocols();
        for (GroupMember.Protocol p : order) {
            if (supportedByAll(p.name())) {
                candidates.add(p.name());
            }
        }
        if (candidates.isEmpty()) {
            // Cannot happen while joins are checked with supportsProtocols; fall back to the leader's first.
            return order.isEmpty() ? null : order.get(0).name();
        }
        Map<String, Integer> votes = new HashMap<>();
        for (GroupMember m : members.values()) {
            for (GroupMember.Protocol p : m.protocols()) {
                if (candidates.contains(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = candidates.get(0);
        for (String c : candidates) {
            if (votes.getOrDefault(c, 0) > votes.getOrDefault(best, 0)) {
                best = c;
            }
        }
        return best;
    }

    /** The largest rebalance timeout of the members, how long a rebalance waits for them. */
    int rebalanceTimeoutMs() {
        int max = 0;
        for (GroupMember m : members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs());
        }
        return max;
    }

    /** Every member has a JoinGroup parked and nobody told MEMBER_ID_REQUIRED is still to come back. */
    boolean hasAllMembersJoined() {
        for (GroupMember m : members.values()) {
            if (!m.isAwaitingJoin()) {
                return false;
            }
        }
        return pendingJoinMembers.isEmpty();
    }

    /** Members that have not rejoined in this rebalance. */
    List<GroupMember> notYetRejoined() {
        List<GroupMember> result = new ArrayList<>();
        for (GroupMember m : members.values()) {
            if (!m.isAwaitingJoin()) {
                result.add(m);
            }
        }
        return result;
    }

    /**
     * Keeps the leader if it rejoined, else hands leadership to a member that did; false if no member
     * rejoined at all.
     */
    boolean maybeElectNewJoinedLeader() {
        if (leaderId == null) {
            return false;
        }
        GroupMember leader = members.get(leaderId);
        if (leader != null && leader.isAwaitingJoin()) {
            return true;
        }
        for (GroupMember m : members.values()) {
            if (m.isAwaitingJoin()) {
                leaderId = m.memberId();
                return true;
            }
        }
        return false;
    }

    /** Starts the next generation: CompletingRebalance with a chosen protocol, or Empty without members. */
    void initNextGeneration() {
        generationId++;
        if (!members.isEmpty()) {
            protocolName = selectProtocol();
            transitionTo(GroupState.COMPLETING_REBALANCE);
        } else {
            protocolName = null;
            transitionTo(GroupState.EMPTY);
        }
        pendingSyncMembers.clear();
    }

    /**
     * Puts back the membership a journal snapshot recorded: Stable with these members (in join order)
     * at this generation, or Empty if there are none. Only for a group that has no members yet.
     */
    void restore(int generation, String type, String protocol, String leader, List<GroupMember> restored) {
        if (!members.isEmpty() || state != GroupState.EMPTY) {
            throw new IllegalStateException("Group " + groupId + " is already " + state.displayName());
        }
        generationId = generation;
        if (type != null && !type.isEmpty()) {
            protocolType = type;
        }
        for (GroupMember m : restored) {
            add(m);
        }
        if (!restored.isEmpty()) {
            protocolName = protocol;
            leaderId = leader != null && members.containsKey(leader) ? leader : leaderId;
            previousState = GroupState.COMPLETING_REBALANCE;
            state = GroupState.STABLE;
        }
    }

    /** Picks the generation's protocol by the members' votes, for a group put together outside a rebalance. */
    void chooseProtocol() {
        protocolName = members.isEmpty() ? null : selectProtocol();
    }

    /** The members with their metadata for the chosen protocol, as the leader is told them. */
    List<JoinResult.Member> currentMembers() {
        List<JoinResult.Member> result = new ArrayList<>(members.size());
        for (GroupMember m : members.values()) {
            result.add(new JoinResult.Member(m.memberId(), m.groupInstanceId(), m.metadata(protocolName)));
        }
        return result;
    }

    boolean hasReceivedSyncFromAllMembers() {
        return pendingSyncMembers.isEmpty();
    }

    Set<String> memberIds() {
        return new HashSet<>(members.keySet());
    }

    long joinDeadline() {
        return joinDeadline;
    }

    boolean initialJoinTimer() {
        return initialJoinTimer;
    }

    int initialDelayMs() {
        return initialDelayMs;
    }

    int initialRemainingMs() {
        return initialRemainingMs;
    }

    /** Arms the join timer of a rebalance; {@code initial} marks the delay of a first rebalance. */
    void scheduleJoin(long deadline, boolean initial, int delayMs, int remainingMs) {
        this.joinDeadline = deadline;
        this.initialJoinTimer = initial;
        this.initialDelayMs = delayMs;
        this.initialRemainingMs = remainingMs;
    }

    void cancelJoin() {
        this.joinDeadline = NEVER;
        this.initialJoinTimer = false;
    }

    long syncDeadline() {
        return syncDeadline;
    }

    int syncGeneration() {
        return syncGeneration;
    }

    void scheduleSync(long deadline, int generation) {
        this.syncDeadline = deadline;
        this.syncGeneration = generation;
    }

    void cancelSync() {
        this.syncDeadline = NEVER;
    }
}
