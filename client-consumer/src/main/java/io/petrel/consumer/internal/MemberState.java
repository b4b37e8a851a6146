package io.petrel.consumer.internal;

import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this consumer stands in its classic group, and the only place that moves it.
 *
 * <pre>
 *   UNJOINED ──startJoin──&gt; JOINING ──joined──&gt; STABLE
 *      ^                      │                    │
 *      └──── joinFailed ──────┘                    │
 *      └──── reset (fenced, generation expired, poll timeout) or leave ──┘
 * </pre>
 *
 * <p>Beside the phase it holds the member id and generation a commit or heartbeat speaks for, and two flags
 * the poll loop acts on: a rejoin is needed (a heartbeat saw a rebalance, the subscription or a pattern's
 * matches changed, partitions were revoked cooperatively), and the partitions were lost (the member was reset
 * while it owned some: the listener hears onPartitionsLost). A static member (group.instance.id) keeps its
 * member id through a reset, since the coordinator knows it by instance id.
 *
 * <p>An answer refusing a heartbeat or commit moves the member only if it is still stable in the generation the
 * request was sent for ({@link #resetIfStableIn}, {@link #requestRejoinIfStableIn}, each one atomic step): an answer
 * that arrives after the member joined a newer generation speaks of one it has left. Wiping the member id then
 * would make it join afresh under a new id while the coordinator still counts the old one as a member that neither
 * heartbeats nor rejoins, and every rebalance would wait session.timeout.ms for it to expire.
 *
 * <p>Three threads move it: the application thread (poll, join, leave), the heartbeat thread and the
 * network thread (the join chain's member id). Each method is one atomic step under this object's lock and
 * calls nothing outside it, so other locks may be held while calling in.
 */
final class MemberState implements RebalanceRound.MemberIds {
    private static final Logger log = LoggerFactory.getLogger(MemberState.class);

    enum Phase { UNJOINED, JOINING, STABLE }

    /** The generation a heartbeat is sent for. */
    record Generation(int generationId, String memberId) {
    }

    private final String groupId;
    private final String groupInstanceId;

    // Guarded by this.
    private Phase phase = Phase.UNJOINED;
    private String memberId = "";
    private int generationId = -1;
    private boolean rejoinNeeded = true;
    private boolean partitionsLost;

    /**
     * @param groupId         the group, for log lines
     * @param groupInstanceId the static member id, or null for a dynamic member
     */
    MemberState(String groupId, String groupInstanceId) {
        this.groupId = groupId;
        this.groupInstanceId = groupInstanceId;
    }

    /** The member id, as the join chain reads it on the network thread. */
    @Override
    public synchronized String get() {
        return memberId;
    }

    /** The member id the coordinator gave in JoinGroup. */
    @Override
    public synchronized void set(String id) {
        memberId = id;
    }

    synchronized int generation() {
        return generationId;
    }

    /** Who a commit speaks for as a group member. */
    synchronized OffsetCommitter.Member committer() {
        return new OffsetCommitter.Member(generationId, memberId, groupInstanceId, false);
    }

    /** The generation to heartbeat for, or null unless stable. */
    synchronized Generation stableGeneration() {
        return phase == Phase.STABLE ? new Generation(generationId, memberId) : null;
    }

    /**
     * Who a commit speaks for, or null unless stable: during a rebalance the generation is about to change, and a
     * commit for it would be answered (after the join completes, as the coordinator serves one connection's
     * requests in order) with ILLEGAL_GENERATION.
     */
    synchronized OffsetCommitter.Member stableCommitter() {
        return phase == Phase.STABLE ? committer() : null;
    }

    /** Whether a JoinGroup/SyncGroup round is under way. */
    synchronized boolean isJoining() {
        return phase == Phase.JOINING;
    }

    /** Whether the member is still stable in {@code generation}, so an answer for it still counts. */
    synchronized boolean isStableIn(int generation) {
        return phase == Phase.STABLE && generationId == generation;
    }

    /** Stable, with no rejoin asked for: the only time a changed partition count is worth a rejoin. */
    synchronized boolean isSettled() {
        return phase == Phase.STABLE && !rejoinNeeded;
    }

    synchronized boolean needsRejoin() {
        return rejoinNeeded || phase != Phase.STABLE;
    }

    synchronized void requestRejoin(String reason) {
        if (!rejoinNeeded) {
            log.info("Group {}: rejoining ({})", groupId, reason);
        }
        rejoinNeeded = true;
    }

    /**
     * The coordinator answered a request sent in {@code generation} with REBALANCE_IN_PROGRESS: rejoin, unless the
     * member has already moved on (it is joining, or joined a newer generation).
     */
    synchronized void requestRejoinIfStableIn(int generation, String reason) {
        if (isStableIn(generation)) {
            requestRejoin(reason);
        }
    }

    /**
     * The coordinator refused a heartbeat or commit sent in {@code generation} with {@code error}
     * (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION or FENCED_INSTANCE_ID): the generation is gone and the owned partitions
     * are lost, provided the member is still stable in it. ILLEGAL_GENERATION keeps the member id, as Kafka's
     * consumer does: the coordinator still knows the member, only the generation is stale.
     *
     * @return whether the member was reset
     */
    synchronized boolean resetIfStableIn(int generation, ErrorCode error) {
        if (!isStableIn(generation)) {
            return false;
        }
        if (error == ErrorCode.ILLEGAL_GENERATION) {
            dropGeneration();
        } else {
            reset(true);
        }
        return true;
    }

    /**
     * The coordinator said the generation is stale (ILLEGAL_GENERATION) but still knows the member: drops the
     * generation, and the owned partitions as lost, and keeps the member id to rejoin with.
     */
    synchronized void dropGeneration() {
        generationId = -1;
        phase = Phase.UNJOINED;
        rejoinNeeded = true;
        partitionsLost = true;
    }

    synchronized void startJoin() {
        phase = Phase.JOINING;
        rejoinNeeded = false;
    }

    synchronized void joined(int generation, String id) {
        phase = Phase.STABLE;
        generationId = generation;
        memberId = id;
    }

    synchronized void joinFailed() {
        phase = Phase.UNJOINED;
        rejoinNeeded = true;
    }

    /**
     * Drops the generation (and a dynamic member's id); {@code lost} says the owned partitions are lost.
     *
     * @return the member id held before
     */
    synchronized String reset(boolean lost) {
        String had = memberId;
        if (groupInstanceId == null) {
            memberId = "";
        }
        generationId = -1;
        phase = Phase.UNJOINED;
        rejoinNeeded = true;
        partitionsLost |= lost;
        return had;
    }

    /**
     * Forgets the membership on leaving the group.
     *
     * @return the member id to send LeaveGroup for, or "" for a static member (it stays in the group)
     */
    synchronized String leave() {
        String had = reset(false);
        return groupInstanceId == null ? had : "";
    }

    /** Whether partitions were lost since the last call. */
    synchronized boolean takePartitionsLost() {
        boolean lost = partitionsLost;
        partitionsLost = false;
        return lost;
    }
}
