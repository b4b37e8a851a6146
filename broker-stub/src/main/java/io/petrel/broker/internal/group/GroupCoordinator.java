package io.petrel.broker.internal.group;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.internal.handler.LazyRequestHandler;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The broker's group coordinator for Kafka's classic group protocol: this single node coordinates every
 * group. It serves FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit,
 * OffsetFetch, DescribeGroups and ListGroups through {@link #handlers}.
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
public final class GroupCoordinator implements AutoCloseable, TransactionalOffsetStore {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final MonotonicClock deadlineClock;
    private final OffsetsAndMembershipStore offsets;
    private final ClassicGroups groups;
    private final ConsumerGroups consumerGroups;
    private final ClassicMembersOfConsumerGroups classicMembers;
    private final BrokerIdentity identity;
    private final TopicIdsAndPartitions topics;
    private boolean closed;
    private final long offsetsRetentionMs;
    /** {@code group.min/max.session.timeout.ms}: a classic member's session timeout must be within. */
    private final int minSessionTimeoutMs;
    private final int maxSessionTimeoutMs;
    /** Wall time the coordinator opened: when a group restored Empty counts as having become Empty. */
    private final long openedAtMs;
    /** Wall time each Empty group became Empty, for offset expiry; guarded by the lock. */
    private final Map<String, Long> emptySinceMs = new HashMap<>();
    private volatile PendingTransactionalOffsets pendingTransactionalOffsets = PendingTransactionalOffsets.NONE;

    private GroupCoordinator(BrokerConfig config, BrokerIdentity identity, TopicIdsAndPartitions topics,
                             OffsetsAndMembershipStore offsets,
                             MonotonicClock deadlineClock) {
        this.clock = config.clock();
        this.deadlineClock = deadlineClock;
        this.offsets = offsets;
        this.groups = new ClassicGroups(deadlineClock, toIntMillis(config.groupInitialRebalanceDelay().toMillis()),
                toIntMillis(config.groupMinSessionTimeout().toMillis()),
                toIntMillis(config.groupMaxSessionTimeout().toMillis()), this::recordGroup, this::recordMembership);
        this.consumerGroups = new ConsumerGroups(deadlineClock, config.consumerGroups(), config.groupMaxSize(),
                topics != null ? topics : NO_TOPICS, this::recordConsumerGroup, this::downgraded);
        this.classicMembers = new ClassicMembersOfConsumerGroups(consumerGroups, topics != null ? topics : NO_TOPICS);
        Set<String> consumerGroupIds = new HashSet<>();
        for (ConsumerGroupSnapshot snapshot : offsets.consumerGroups()) {
            consumerGroups.restore(snapshot);
            consumerGroupIds.add(snapshot.groupId());
        }
        for (Map.Entry<String, String> g : offsets.knownGroups().entrySet()) {
            // A group converted to a consumer group is that, whatever it was recorded as before.
            if (!consumerGroupIds.contains(g.getKey())) {
                groups.restoreGroup(g.getKey(), g.getValue());
            }
        }
        for (GroupSnapshot snapshot : offsets.memberships()) {
            if (!consumerGroupIds.contains(snapshot.groupId())) {
                groups.restoreMembership(snapshot);
            }
        }
        this.identity = identity;
        this.topics = topics;
        this.offsetsRetentionMs = config.offsetsRetention().toMillis();
        this.minSessionTimeoutMs = toIntMillis(config.groupMinSessionTimeout().toMillis());
        this.maxSessionTimeoutMs = toIntMillis(config.groupMaxSessionTimeout().toMillis());
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

    /**
     * One handler per API this coordinator answers, each advertising the versions it serves and asking
     * {@code access} before acting, with Kafka's rules for groups. All but OffsetCommit and OffsetFetch (whose
     * versions depend on the broker's topics) are built on the first request of their API
     * ({@link LazyRequestHandler}): a broker's first start need not load the classes of APIs no client asked for.
     */
    public List<RequestHandler> handlers(RequestAuthorizer access) {
        LazyRequestHandler.Factory build = api -> handler(api, access);
        List<RequestHandler> handlers = new ArrayList<>(LazyRequestHandler.each(build, List.of(ApiKey.FIND_COORDINATOR,
                ApiKey.JOIN_GROUP, ApiKey.SYNC_GROUP, ApiKey.HEARTBEAT, ApiKey.LEAVE_GROUP, ApiKey.DESCRIBE_GROUPS,
                ApiKey.LIST_GROUPS, ApiKey.DELETE_GROUPS, ApiKey.OFFSET_DELETE)));
        handlers.add(new OffsetCommitHandler(this, topics, access));
        handlers.add(new OffsetFetchHandler(this, topics, access));
        if (topics != null) {
            // The consumer group protocol names partitions by topic id: only served knowing the broker's topics.
            handlers.addAll(LazyRequestHandler.each(build,
                    List.of(ApiKey.CONSUMER_GROUP_HEARTBEAT, ApiKey.CONSUMER_GROUP_DESCRIBE)));
        }
        return List.copyOf(handlers);
    }

    /** The handler of {@code api}, built for {@link #handlers}' lazy ones. */
    private RequestHandler handler(ApiKey api, RequestAuthorizer access) {
        return switch (api) {
            case FIND_COORDINATOR -> new FindCoordinatorHandler(identity, access);
            case JOIN_GROUP -> new JoinGroupHandler(this, access);
            case SYNC_GROUP -> new SyncGroupHandler(this, access);
            case HEARTBEAT -> new HeartbeatHandler(this, access);
            case LEAVE_GROUP -> new LeaveGroupHandler(this, access);
            case DESCRIBE_GROUPS -> new DescribeGroupsHandler(this, access);
            case LIST_GROUPS -> new ListGroupsHandler(this, access);
            case DELETE_GROUPS -> new DeleteGroupsHandler(this, access);
            case OFFSET_DELETE -> new OffsetDeleteHandler(this, access);
            case CONSUMER_GROUP_HEARTBEAT -> new ConsumerGroupHeartbeatHandler(this, access);
            case CONSUMER_GROUP_DESCRIBE -> new ConsumerGroupDescribeHandler(this, access);
            default -> throw new IllegalArgumentException("No group handler built lazily for " + api);
        };
    }

    /** Fires the deadlines that have passed; the broker calls this about every 100 ms. */
    public void tick() {
        locked(() -> {
            if (!closed) {
                groups.tick();
                consumerGroups.tick();
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
     * offsets committed without a group (no protocol type) go that long after their commit; a Stable consumer
     * group's offsets of topics none of its members subscribes to go that long after their commit. A group left
     * Empty with no offsets is deleted. Consumer-protocol groups follow the same rules (their subscriptions are always
     * known). The broker calls this every {@code offsets.retention.check.interval.ms}.
     */
    public void expireOffsets() {
        locked(() -> {
            if (closed) {
                return null;
            }
            long now = clock.millis();
            for (ClassicGroup group : List.copyOf(groups.groups())) {
                boolean empty = group.is(GroupState.EMPTY);
                // A live group's offsets expire only when its subscription is known, as in Kafka.
                Optional<Set<String>> subscription = !empty && group.is(GroupState.STABLE)
                        && "consumer".equals(group.protocolType()) ? GroupSubscriptions.topics(group) : Optional.empty();
                if (!empty && subscription.isEmpty()) {
                    continue;
                }
                expire(group.groupId(), empty, group.protocolType() != null, subscription.orElse(Set.of()), now,
                        () -> groups.removeGroup(group.groupId()));
            }
            for (ConsumerGroup group : List.copyOf(consumerGroups.groups())) {
                Set<String> subscribed = group.isEmpty() ? Set.of() : consumerGroups.subscribedTopicNames(group);
                expire(group.groupId(), group.isEmpty(), true, subscribed, now,
                        () -> consumerGroups.remove(group.groupId()));
            }
            return null;
        });
    }

    /**
     * Expires one group's offsets: those of topics it does not subscribe to, {@code offsets.retention.minutes} after
     * their commit, or after the group became Empty if that was later (for a group with a protocol); an Empty group
     * left without offsets is deleted with {@code removeGroup}.
     */
    private void expire(String id, boolean empty, boolean typed, Set<String> subscribed, long now,
                        Runnable removeGroup) {
        long emptySince = emptySinceMs.getOrDefault(id, openedAtMs);
        List<PartitionKey> expired = new ArrayList<>();
        for (Map.Entry<PartitionKey, CommittedOffset> e : offsets.offsets(id).entrySet()) {
            long committed = e.getValue().commitTimestampMs();
            long base = empty && typed ? Math.max(emptySince, committed) : committed;
            if (now - base >= offsetsRetentionMs && !subscribed.contains(e.getKey().topic())) {
                expired.add(e.getKey());
            }
        }
        try {
            offsets.deleteOffsets(id, expired);
            if (empty && offsets.offsets(id).isEmpty()) {
                offsets.deleteGroup(id);
                removeGroup.run();
                emptySinceMs.remove(id);
                log.info("Group {} expired: Empty with no offsets left after {} expired", id, expired.size());
            } else if (!expired.isEmpty()) {
                log.info("Expired {} committed offset(s) of group {}", expired.size(), id);
            }
        } catch (IOException e) {
            log.error("Could not journal the expiry of group {}'s offsets; the next check tries again", id, e);
        }
    }

    /** DeleteGroups for one group, under the lock: see {@link DeleteGroupsHandler}. */
    ErrorCode deleteGroup(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            return ErrorCode.INVALID_GROUP_ID;
        }
        ConsumerGroup consumerGroup = consumerGroups.group(groupId);
        if (consumerGroup != null) {
            if (!consumerGroup.isEmpty()) {
                return ErrorCode.NON_EMPTY_GROUP;
            }
            try {
                offsets.deleteGroup(groupId);
            } catch (IOException e) {
                log.error("Could not journal the deletion of consumer group {}", groupId, e);
                return ErrorCode.COORDINATOR_NOT_AVAILABLE;
            }
            consumerGroups.remove(groupId);
            log.info("Deleted consumer group {}", groupId);
            return ErrorCode.NONE;
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
        ConsumerGroup modern = groupId == null ? null : consumerGroups.group(groupId);
        if (modern != null) {
            return deleteOffsets(groupId, asked, consumerGroups.subscribedTopicNames(modern));
        }
        ClassicGroup group = groupId == null ? null : groups.group(groupId);
        if (group == null) {
            return new OffsetDeletion(ErrorCode.GROUP_ID_NOT_FOUND, Map.of());
        }
        boolean consumerGroup = "consumer".equals(group.protocolType());
        if (!group.is(GroupState.EMPTY) && !consumerGroup) {
            return new OffsetDeletion(ErrorCode.NON_EMPTY_GROUP, Map.of());
        }
        // An unreadable subscription counts as subscribing to nothing here, as in Kafka.
        Set<String> subscribed = group.is(GroupState.EMPTY) ? Set.of()
                : GroupSubscriptions.topics(group).orElse(Set.of());
        return deleteOffsets(groupId, asked, subscribed);
    }

    /** Deletes the asked offsets but those of topics the group subscribes to (GROUP_SUBSCRIBED_TO_TOPIC). */
    private OffsetDeletion deleteOffsets(String groupId, List<PartitionKey> asked, Set<String> subscribed) {
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

    /**
     * Stores the offsets a committed transaction carried for {@code group}, as an OffsetCommit would.
     *
     * @throws IOException when the journal cannot record them
     */
    @Override
    public void commit(String group, List<TransactionalOffset> committed) throws IOException {
        long now = clock.millis();
        Map<PartitionKey, CommittedOffset> entries = new TreeMap<>();
        for (TransactionalOffset o : committed) {
            entries.put(new PartitionKey(o.topic(), o.partition()),
                    new CommittedOffset(o.offset(), o.leaderEpoch(), o.metadata() == null ? "" : o.metadata(), now));
        }
        IOException failed = locked(() -> {
            if (closed) {
                return new IOException("The group coordinator is closed");
            }
            try {
                offsets.commit(group, entries);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        if (failed != null) {
            throw failed;
        }
    }

    @Override
    public ErrorCode validateMember(String group, int generationId, String memberId, String groupInstanceId) {
        if (generationId < 0 && (memberId == null || memberId.isEmpty()) && groupInstanceId == null) {
            return ErrorCode.NONE;
        }
        return serving(() -> {
            ConsumerGroup consumerGroup = consumerGroups.group(group);
            return consumerGroup != null
                    ? consumerGroups.validateTransactionalOffsetCommit(consumerGroup, generationId, memberId)
                    : groups.validateTransactionalOffsetCommit(group, generationId, memberId, groupInstanceId);
        });
    }

    /** Tells OffsetFetch with require_stable which offsets open transactions hold. */
    public void pendingTransactionalOffsets(PendingTransactionalOffsets pending) {
        this.pendingTransactionalOffsets = pending;
    }

    // ------------------------------------------------------------ for the API classes

    PendingTransactionalOffsets pendingTransactionalOffsets() {
        return pendingTransactionalOffsets;
    }

    ClassicGroups groups() {
        return groups;
    }

    ConsumerGroups consumerGroups() {
        return consumerGroups;
    }

    /** As {@link #validateOffsetCommit}, for one partition of a commit the group accepted; under the lock. */
    ErrorCode validateOffsetCommitPartition(String groupId, int memberEpoch, String memberId, String topic,
                                            int partition) {
        ConsumerGroup consumerGroup = consumerGroups.group(groupId);
        if (consumerGroup == null) {
            return ErrorCode.NONE;
        }
        UUID topicId = topics == null ? null : topics.topicId(topic).orElse(null);
        return consumerGroups.validateOffsetCommitPartition(consumerGroup, memberEpoch, memberId, topicId, partition);
    }

    /** The name of the topic with this id, if the broker's topics are known and it exists. */
    Optional<String> topicName(UUID topicId) {
        return topics == null ? Optional.empty() : topics.topicName(topicId);
    }

    /** Whether an OffsetCommit may store offsets, by the rules of the group's kind; under the lock. */
    ErrorCode validateOffsetCommit(String groupId, int generationOrEpoch, String memberId, String instanceId,
                                   short version) {
        ConsumerGroup consumerGroup = consumerGroups.group(groupId);
        return consumerGroup != null
                ? consumerGroups.validateOffsetCommit(consumerGroup, generationOrEpoch, memberId, version)
                : groups.validateOffsetCommit(groupId, generationOrEpoch, memberId, instanceId, version);
    }

    /**
     * ConsumerGroupHeartbeat, under the lock. A group id names one group of either kind: an Empty classic group
     * becomes a consumer group when a consumer-protocol member joins it, as in Kafka; so does one with members (its
     * members staying as classic members) when {@code group.consumer.migration.policy} allows an upgrade, it uses the
     * consumer protocol and fits {@code group.consumer.max.size}; otherwise it is not a consumer group.
     */
    ConsumerGroups.HeartbeatResult consumerGroupHeartbeat(ConsumerGroups.HeartbeatRequest r) {
        ClassicGroup classic = r.groupId() == null ? null : groups.group(r.groupId());
        if (classic != null && consumerGroups.group(r.groupId()) == null) {
            if (r.memberEpoch() != 0) {
                return notAConsumerGroup(r.groupId());
            }
            if (classic.is(GroupState.EMPTY)) {
                groups.removeGroup(r.groupId());
                emptySinceMs.remove(r.groupId());
                log.info("Converted the empty classic group {} to a consumer group", r.groupId());
            } else if (!consumerGroups.upgradeAllowed(classic)) {
                return notAConsumerGroup(r.groupId());
            } else {
                ConsumerGroupSnapshot upgraded;
                try {
                    upgraded = OnlineMigration.upgrade(classic, topics != null ? topics : NO_TOPICS);
                } catch (IllegalArgumentException e) {
                    log.warn("Classic group {} cannot be upgraded to a consumer group: {}", r.groupId(),
                            e.getMessage());
                    return ConsumerGroups.HeartbeatResult.error(ErrorCode.GROUP_ID_NOT_FOUND, "Cannot upgrade the "
                            + "classic group " + r.groupId() + " to consumer group because the embedded consumer "
                            + "protocol is malformed.");
                }
                groups.removeUpgraded(r.groupId());
                emptySinceMs.remove(r.groupId());
                consumerGroups.upgraded(upgraded);
            }
        }
        return consumerGroups.heartbeat(r);
    }

    private static ConsumerGroups.HeartbeatResult notAConsumerGroup(String groupId) {
        return ConsumerGroups.HeartbeatResult.error(ErrorCode.GROUP_ID_NOT_FOUND,
                "Group " + groupId + " is not a consumer group.");
    }

    /**
     * A consumer group left with only classic members became a classic group again (online downgrade): it is
     * journaled as such before it rebalances (if it must), so a restart brings back the classic group.
     */
    private void downgraded(GroupSnapshot classic, boolean rebalance) {
        try {
            offsets.deleteConsumerGroup(classic.groupId());
        } catch (IOException e) {
            log.error("Could not journal the conversion of consumer group {} to a classic group; after a restart it "
                    + "comes back as a consumer group", classic.groupId(), e);
        }
        groups.adoptDowngraded(classic, rebalance);
    }

    /**
     * JoinGroup, under the lock: an Empty consumer group becomes a classic group when a classic member joins it, as
     * in Kafka; one with members takes it in as a classic member of the consumer group (online migration).
     */
    CompletableFuture<JoinResult> joinGroup(ClassicGroups.JoinRequest join) {
        ConsumerGroup modern = join.groupId() == null ? null : consumerGroups.group(join.groupId());
        if (modern != null) {
            if (!modern.isEmpty()) {
                if (join.sessionTimeoutMs() < minSessionTimeoutMs || join.sessionTimeoutMs() > maxSessionTimeoutMs) {
                    return CompletableFuture.completedFuture(
                            JoinResult.error(join.memberId(), ErrorCode.INVALID_SESSION_TIMEOUT));
                }
                return CompletableFuture.completedFuture(classicMembers.join(modern, join));
            }
            try {
                offsets.deleteConsumerGroup(join.groupId());
            } catch (IOException e) {
                log.error("Could not journal the conversion of consumer group {} to a classic group",
                        join.groupId(), e);
                return CompletableFuture.completedFuture(
                        JoinResult.error(join.memberId(), ErrorCode.COORDINATOR_NOT_AVAILABLE));
            }
            consumerGroups.remove(join.groupId());
            log.info("Converted the empty consumer group {} to a classic group", join.groupId());
        }
        return groups.join(join);
    }

    /** SyncGroup, under the lock: to the group of whichever kind holds the id. */
    CompletableFuture<SyncResult> syncGroup(String groupId, int generationId, String memberId, String instanceId,
                                            String protocolType, String protocolName, Map<String, byte[]> assignments) {
        ConsumerGroup modern = groupId == null ? null : consumerGroups.group(groupId);
        if (modern != null) {
            return CompletableFuture.completedFuture(modern.isEmpty() ? SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID)
                    : classicMembers.sync(modern, memberId, instanceId, generationId, protocolType,
                    protocolName));
        }
        return groups.sync(groupId, generationId, memberId, instanceId, protocolType, protocolName, assignments);
    }

    /** Heartbeat (classic), under the lock: to the group of whichever kind holds the id. */
    ErrorCode heartbeat(String groupId, int generationId, String memberId, String instanceId) {
        ConsumerGroup modern = groupId == null ? null : consumerGroups.group(groupId);
        return modern != null ? classicMembers.heartbeat(modern, memberId, instanceId, generationId)
                : groups.heartbeat(groupId, generationId, memberId, instanceId);
    }

    /** LeaveGroup, under the lock: to the group of whichever kind holds the id. */
    ClassicGroups.LeaveResult leaveGroup(String groupId, List<ClassicGroups.LeavingMember> leaving) {
        ConsumerGroup modern = groupId == null ? null : consumerGroups.group(groupId);
        return modern != null ? classicMembers.leave(modern, leaving) : groups.leave(groupId, leaving);
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

    private void recordConsumerGroup(ConsumerGroup group) {
        if (group.isEmpty()) {
            emptySinceMs.putIfAbsent(group.groupId(), clock.millis());
        } else {
            emptySinceMs.remove(group.groupId());
        }
        try {
            offsets.recordConsumerGroup(group.snapshot());
        } catch (IOException e) {
            log.error("Could not record consumer group {} (epoch {}) in the journal; after a restart it comes back as "
                    + "it was before", group.groupId(), group.groupEpoch(), e);
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

    /** Without the broker's topics, consumer groups see none (their protocol is then not served anyway). */
    private static final TopicIdsAndPartitions NO_TOPICS = new TopicIdsAndPartitions() {
        @Override
        public Optional<UUID> topicId(String topic) {
            return Optional.empty();
        }

        @Override
        public Optional<String> topicName(UUID topicId) {
            return Optional.empty();
        }

        @Override
        public boolean hasPartition(String topic, int partition) {
            return false;
        }
    };

    private static int toIntMillis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, ms));
    }
}
