package io.petrel.broker.internal.group;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The broker's group coordinator for Kafka's classic group protocol: this single node coordinates every
 * group. It serves FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit,
 * OffsetFetch, DescribeGroups and ListGroups through {@link #handlers()}.
 *
 * <p>Design: one lock guards all group state and the offsets and membership store, so each request is one atomic step
 * of the state machine ({@link ClassicGroups}); JoinGroup and SyncGroup park as futures completed
 * by another member's request or by {@link #tick()}, which the broker calls about every 100 ms to fire
 * session, rebalance and sync deadlines measured on the monotonic {@link BrokerConfig#nanoTime()} (the
 * wall-clock {@link BrokerConfig#clock()} only stamps commit timestamps). Futures are completed
 * only after the lock is released. Committed offsets, which groups exist, and each group's membership
 * as of when it last settled are journaled in the data directory and replayed on open, as Kafka keeps
 * them in __consumer_offsets: a group last seen Stable comes back Stable with the same generation,
 * members, leader and assignments, every member's session starting anew at open, so members that stay
 * open carry on and the others expire; a group caught mid-rebalance comes back as it last settled.
 */
public final class GroupCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final MonotonicClock deadlineClock;
    private final OffsetsAndMembershipStore offsets;
    private final ClassicGroups groups;
    private final List<RequestHandler> handlers;
    private boolean closed;
    private final long offsetsRetentionMs;
    /** Wall time the coordinator opened: when a group restored Empty counts as having become Empty. */
    private final long openedAtMs;
    /** Wall time each Empty group became Empty, for offset expiry; guarded by the lock. */
    private final Map<String, Long> emptySinceMs = new HashMap<>();

    private GroupCoordinator(BrokerConfig config, BrokerIdentity identity, TopicIdsAndPartitions topics,
                             OffsetsAndMembershipStore offsets,
                             MonotonicClock deadlineClock) {
        this.clock = config.clock();
        this.deadlineClock = deadlineClock;
        this.offsets = offsets;
        this.groups = new ClassicGroups(deadlineClock, toIntMillis(config.groupInitialRebalanceDelay().toMillis()),
                toIntMillis(config.groupMinSessionTimeout().toMillis()),
                toIntMillis(config.groupMaxSessionTimeout().toMillis()), this::recordGroup, this::recordMembership);
        for (Map.Entry<String, String> g : offsets.knownGroups().entrySet()) {
            groups.restoreGroup(g.getKey(), g.getValue());
        }
        for (GroupSnapshot snapshot : offsets.memberships()) {
            groups.restoreMembership(snapshot);
        }
        this.handlers = List.of(new FindCoordinatorHandler(identity), new JoinGroupHandler(this),
                new SyncGroupHandler(this), new HeartbeatHandler(this), new LeaveGroupHandler(this),
                new OffsetCommitHandler(this, topics), new OffsetFetchHandler(this, topics),
                new DescribeGroupsHandler(this), new ListGroupsHandler(this), new DeleteGroupsHandler(this),
                new OffsetDeleteHandler(this));
        this.offsetsRetentionMs = config.offsetsRetention().toMillis();
        this.openedAtMs = clock.millis();
    }

    /**
     * Opens the coordinator over {@code dataDir}, replaying the committed offsets stored there. Without
     * {@link TopicIdsAndPartitions} any topic name is accepted and the topic-id versions of OffsetCommit
     * and OffsetFetch (v10) are not served.
     */
    public static GroupCoordinator open(Path dataDir, BrokerConfig config, BrokerIdentity identity) throws IOException {
        return open(dataDir, config, identity, null);
    }

    /**
     * Opens the coordinator over {@code dataDir}; commits for partitions {@code topics} does not know are
     * refused with UNKNOWN_TOPIC_OR_PARTITION, and OffsetCommit/OffsetFetch v10 (topic ids) are served.
     */
    public static GroupCoordinator open(Path dataDir, BrokerConfig config, BrokerIdentity identity,
                                        TopicIdsAndPartitions topics) throws IOException {
        Files.createDirectories(dataDir);
        MonotonicClock deadlineClock = new MonotonicClock(config.nanoTime());
        OffsetsAndMembershipStore store = OffsetsAndMembershipStore.open(dataDir, config.logDefaults().flushPolicy(),
                deadlineClock.elapsedMillis());
        return new GroupCoordinator(config, identity, topics, store, deadlineClock);
    }

    /** One handler per API this coordinator answers, each advertising the versions it serves. */
    public List<RequestHandler> handlers() {
        return handlers;
    }

    /** Fires the deadlines that have passed; the broker calls this about every 100 ms. */
    public void tick() {
        locked(() -> {
            if (!closed) {
                groups.tick();
                offsets.maybeFlush(deadlineClock.elapsedMillis());
            }
            return null;
        });
    }

    /** Forgets every group's committed offsets for a deleted topic. */
    public void onTopicDeleted(String topic) {
        locked(() -> {
            if (closed) {
                return null;
            }
            try {
                offsets.deleteTopic(topic);
            } catch (IOException e) {
                log.error("Could not record the deletion of topic {}'s committed offsets; they may reappear after "
                        + "a restart", topic, e);
            }
            return null;
        });
    }

    /** Answers parked JoinGroup and SyncGroup requests with NOT_COORDINATOR and closes the journal. */
    @Override
    public void close() {
        locked(() -> {
            if (closed) {
                return null;
            }
            closed = true;
            groups.shutdown();
            try {
                offsets.close();
            } catch (IOException e) {
                log.error("Could not close the group coordinator journal cleanly", e);
            }
            return null;
        });
    }

    /**
     * Offset retention ({@code offsets.retention.minutes}), as Kafka expires classic groups' offsets on the wall
     * clock: an Empty group's offsets go once it has been Empty that long (and each was committed that long ago);
     * offsets committed without a group (no protocol type) go that long after their commit. A group left Empty
     * with no offsets is deleted. The broker calls this every {@code offsets.retention.check.interval.ms}. Offsets
     * of unsubscribed topics in a live consumer group are not expired here.
     */
    public void expireOffsets() {
        locked(() -> {
            if (closed) {
                return null;
            }
            long now = clock.millis();
            for (ClassicGroup group : List.copyOf(groups.groups())) {
                if (!group.is(GroupState.EMPTY)) {
                    continue;
                }
                String id = group.groupId();
                long emptySince = emptySinceMs.getOrDefault(id, openedAtMs);
                List<PartitionKey> expired = new ArrayList<>();
                for (Map.Entry<PartitionKey, CommittedOffset> e : offsets.offsets(id).entrySet()) {
                    long base = group.protocolType() != null ? Math.max(emptySince, e.getValue().commitTimestampMs())
                            : e.getValue().commitTimestampMs();
                    if (now - base >= offsetsRetentionMs) {
                        expired.add(e.getKey());
                    }
                }
                try {
                    offsets.deleteOffsets(id, expired);
                    if (offsets.offsets(id).isEmpty()) {
                        offsets.deleteGroup(id);
                        groups.removeGroup(id);
                        emptySinceMs.remove(id);
                        log.info("Group {} expired: Empty with no offsets left after {} expired", id, expired.size());
                    } else if (!expired.isEmpty()) {
                        log.info("Expired {} committed offset(s) of group {}", expired.size(), id);
                    }
                } catch (IOException e) {
                    log.error("Could not journal the expiry of group {}'s offsets; the next check tries again", id, e);
                }
            }
            return null;
        });
    }

    /** DeleteGroups for one group, under the lock: see {@link DeleteGroupsHandler}. */
    ErrorCode deleteGroup(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            return ErrorCode.INVALID_GROUP_ID;
        }
        ClassicGroup group = groups.group(groupId);
        if (group == null) {
            return ErrorCode.GROUP_ID_NOT_FOUND;
        }
        if (!group.is(GroupState.EMPTY)) {
            return ErrorCode.NON_EMPTY_GROUP;
        }
        try {
            offsets.deleteGroup(groupId);
        } catch (IOException e) {
            log.error("Could not journal the deletion of group {}", groupId, e);
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        groups.removeGroup(groupId);
        emptySinceMs.remove(groupId);
        log.info("Deleted group {}", groupId);
        return ErrorCode.NONE;
    }

    /** What OffsetDelete did: a group-level error, or NONE and each partition's error (absent: NONE). */
    record OffsetDeletion(ErrorCode error, Map<PartitionKey, ErrorCode> partitions) {
    }

    /** OffsetDelete, under the lock: see {@link OffsetDeleteHandler}. */
    OffsetDeletion deleteOffsets(String groupId, List<PartitionKey> asked) {
        ClassicGroup group = groupId == null ? null : groups.group(groupId);
        if (group == null) {
            return new OffsetDeletion(ErrorCode.GROUP_ID_NOT_FOUND, Map.of());
        }
        boolean consumerGroup = "consumer".equals(group.protocolType());
        if (!group.is(GroupState.EMPTY) && !consumerGroup) {
            return new OffsetDeletion(ErrorCode.NON_EMPTY_GROUP, Map.of());
        }
        Set<String> subscribed = group.is(GroupState.EMPTY) ? Set.of() : GroupSubscriptions.topics(group);
        Map<PartitionKey, ErrorCode> errors = new HashMap<>();
        List<PartitionKey> deleted = new ArrayList<>();
        for (PartitionKey k : asked) {
            if (subscribed.contains(k.topic())) {
                errors.put(k, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
            } else if (offsets.offset(groupId, k.topic(), k.partition()) != null) {
                deleted.add(k);
            }
        }
        try {
            offsets.deleteOffsets(groupId, deleted);
        } catch (IOException e) {
            log.error("Could not journal the deletion of group {}'s offsets", groupId, e);
            return new OffsetDeletion(ErrorCode.COORDINATOR_NOT_AVAILABLE, Map.of());
        }
        return new OffsetDeletion(ErrorCode.NONE, errors);
    }

    // ------------------------------------------------------------ for the API classes

    ClassicGroups groups() {
        return groups;
    }

    OffsetsAndMembershipStore offsets() {
        return offsets;
    }

    /** The wall clock, for commit timestamps. */
    Clock clock() {
        return clock;
    }

    /**
     * Runs {@code action} under the coordinator's lock, then completes whatever futures it resolved,
     * outside the lock. Fails with IllegalStateException once the coordinator is closed.
     */
    <T> T locked(Supplier<T> action) {
        List<Runnable> completions = List.of();
        lock.lock();
        try {
            try {
                return action.get();
            } finally {
                completions = groups.drainCompletions();
            }
        } finally {
            lock.unlock();
            // Even if the action failed part-way, whatever it resolved is answered.
            for (Runnable completion : completions) {
                completion.run();
            }
        }
    }

    /** As {@link #locked}, for a request: refused once the coordinator is closed. */
    <T> T serving(Supplier<T> action) {
        return locked(() -> {
            if (closed) {
                throw new IllegalStateException("The group coordinator is closed");
            }
            return action.get();
        });
    }

    private void recordGroup(ClassicGroup group) {
        try {
            offsets.recordGroup(group.groupId(), group.protocolType());
        } catch (IOException e) {
            log.error("Could not record group {} in the journal; it is forgotten on restart unless it commits offsets",
                    group.groupId(), e);
        }
    }

    private void recordMembership(ClassicGroup group) {
        if (group.isEmpty()) {
            emptySinceMs.put(group.groupId(), clock.millis());
        } else {
            emptySinceMs.remove(group.groupId());
        }
        try {
            offsets.recordMembership(GroupSnapshot.of(group));
        } catch (IOException e) {
            log.error("Could not record the membership of group {} (generation {}) in the journal; after a restart "
                    + "it comes back as it was before", group.groupId(), group.generationId(), e);
        }
    }

    private static int toIntMillis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, ms));
    }
}
