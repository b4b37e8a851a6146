package io.petrel.consumer.internal;

import io.petrel.client.AuthenticationException;
import io.petrel.client.AuthorizationException;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.PartitionInfo;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.consumer.OffsetAndMetadata;
import io.petrel.consumer.PartitionAssignor;
import io.petrel.consumer.PartitionAssignor.RebalanceProtocol;
import io.petrel.consumer.internal.assignor.AssignorResolver;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.HeartbeatRequest;
import io.petrel.protocol.schemas.HeartbeatResponse;
import io.petrel.protocol.schemas.LeaveGroupRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Membership of a classic consumer group: JoinGroup/SyncGroup rounds, heartbeats, and the rebalance
 * callbacks, as Kafka's classic protocol runs them.
 *
 * <p><b>Application thread.</b> {@link #poll} (inside Consumer.poll) decides a rebalance is needed (first
 * join, a heartbeat saw REBALANCE_IN_PROGRESS, the subscription or a pattern's matches or a subscribed
 * topic's partition count changed), runs the preparation (auto commit, then with EAGER revoking every
 * partition), starts the join as a chain of futures on the network thread, and when it completes applies
 * the assignment and calls the listener: EAGER announces the whole new assignment; COOPERATIVE revokes
 * only partitions that moved and rejoins once more so they can be handed over. Partitions are reported
 * lost (onPartitionsLost) when the member was fenced or its generation expired.
 *
 * <p><b>Join.</b> Each round is a {@link RebalanceRound}. When it fails, UNKNOWN_MEMBER_ID and
 * ILLEGAL_GENERATION reset the member; coordinator errors find the coordinator again; FENCED_INSTANCE_ID
 * and configuration errors are thrown to the application; others are retried after retry.backoff.ms by
 * the next poll.
 *
 * <p><b>Heartbeat thread.</b> A daemon thread sends a Heartbeat every heartbeat.interval.ms while the
 * member is stable, and leaves the group when poll was not called within max.poll.interval.ms (a static
 * member only drops its generation, as Kafka). State shared with it is guarded by this object's lock.
 */
final class GroupMembership {
    private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);
    private static final long PATTERN_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

    enum State { UNJOINED, JOINING, STABLE }

    private final ConsumerSettings settings;
    private final Time time;
    private final ClientNetwork network;
    private final CoordinatorLink link;
    private final OffsetCommitter committer;
    private final SubscriptionState subscriptions;
    private final ConsumerSignal signal;
    private final ConsumerMetrics metrics;
    private final TopicListing listing;
    private final List<PartitionAssignor> assignors;
    private final RebalanceProtocol protocol;
    private final Thread heartbeatThread;
    /** The member id, as the join chain reads and sets it on the network thread. */
    private final RebalanceRound.MemberIds memberIds = new RebalanceRound.MemberIds() {
        @Override
        public String get() {
            synchronized (GroupMembership.this) {
                return memberId;
            }
        }

        @Override
        public void set(String id) {
            synchronized (GroupMembership.this) {
                memberId = id;
            }
        }
    };

    // Guarded by this.
    private State state = State.UNJOINED;
    private String memberId = "";
    private int generationId = -1;
    private String protocolName;
    private boolean rejoinNeeded = true;
    private boolean partitionsLost;
    private long lastPollNanos;
    private long lastHeartbeatSentNanos;
    private long lastHeartbeatOkNanos;
    private boolean heartbeatInFlight;
    private boolean closed;

    // Application thread only.
    private CompletableFuture<RebalanceRound.Outcome> joinFuture;
    private long nextJoinAttemptNanos;
    private Map<String, Integer> partitionCountsAtJoin = Map.of();
    private CompletableFuture<Map<String, List<PartitionInfo>>> patternListing;
    private long nextPatternRefreshNanos;

    GroupMembership(ConsumerSettings settings, Time time, ClientNetwork network, CoordinatorLink link,
                    OffsetCommitter committer, SubscriptionState subscriptions, ConsumerSignal signal,
                    ConsumerMetrics metrics, TopicListing listing) {
        this.settings = settings;
        this.time = time;
        this.network = network;
        this.link = link;
        this.committer = committer;
        this.subscriptions = subscriptions;
        this.signal = signal;
        this.metrics = metrics;
        this.listing = listing;
        this.assignors = AssignorResolver.resolve(settings.assignmentStrategy());
        this.protocol = commonProtocol(assignors);
        this.lastPollNanos = time.nanoseconds();
        this.heartbeatThread = new Thread(this::heartbeatLoop, "petrel-consumer-heartbeat-" + settings.clientId());
        this.heartbeatThread.setDaemon(true);
        this.heartbeatThread.start();
    }

    /** COOPERATIVE only when every assignor supports it, as Kafka decides. */
    private static RebalanceProtocol commonProtocol(List<PartitionAssignor> assignors) {
        for (PartitionAssignor a : assignors) {
            if (!a.supportedProtocols().contains(RebalanceProtocol.COOPERATIVE)) {
                return RebalanceProtocol.EAGER;
            }
        }
        return RebalanceProtocol.COOPERATIVE;
    }

    private boolean inGroupMode() {
        SubscriptionState.Mode mode = subscriptions.mode();
        return mode == SubscriptionState.Mode.TOPICS || mode == SubscriptionState.Mode.PATTERN;
    }

    synchronized void onSubscriptionChanged() {
        rejoinNeeded = true;
        nextPatternRefreshNanos = 0;
        patternListing = null;
    }

    private synchronized void requestRejoin(String reason) {
        if (!rejoinNeeded) {
            log.info("Group {}: rejoining ({})", settings.groupId(), reason);
        }
        rejoinNeeded = true;
    }

    /** The member a commit speaks for: the current generation, or none for a manual assignment. */
    private synchronized OffsetCommitter.Member member() {
        if (!inGroupMode()) {
            return OffsetCommitter.Member.NONE;
        }
        return new OffsetCommitter.Member(generationId, memberId, settings.groupInstanceId());
    }

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return committer.commit(offsets, member(), error -> {
            if (error == ErrorCode.UNKNOWN_MEMBER_ID || error == ErrorCode.ILLEGAL_GENERATION) {
                resetGeneration(true);
            }
            requestRejoin("commit failed with " + error);
            signal.signal();
        });
    }

    /** The longest the poll loop may wait without a signal: heartbeat-driven events signal it anyway. */
    long nanosUntilNextEvent() {
        return TimeUnit.MILLISECONDS.toNanos(100);
    }

    // ---- application thread ----

    /**
     * Keeps the membership going; returns by the deadline even if a rebalance is still under way, and at
     * once while partitions are owned (the join's completion signals the poll loop).
     */
    void poll(long deadlineNanos) {
        long now = time.nanoseconds();
        synchronized (this) {
            lastPollNanos = now;
        }
        if (!inGroupMode()) {
            return;
        }
        invokeLostIfNeeded();
        if (subscriptions.mode() == SubscriptionState.Mode.PATTERN && !refreshPattern(now)) {
            return;
        }
        checkPartitionCounts();
        if (joinFuture == null && needsRejoin() && now - nextJoinAttemptNanos >= 0) {
            prepareJoin();
            synchronized (this) {
                state = State.JOINING;
                rejoinNeeded = false;
            }
            joinFuture = new RebalanceRound(settings, network, link, assignors, memberIds)
                    .start(subscribedTopics(), List.copyOf(subscriptions.assignedPartitions()), generation());
            joinFuture.whenComplete((r, e) -> signal.signal());
        }
        if (joinFuture != null) {
            // As Kafka's classic consumer: a rebalance does not hold up poll while partitions are still owned
            // (COOPERATIVE keeps them), so records keep flowing; with none owned there is nothing else to do.
            if (subscriptions.assignedPartitions().isEmpty()) {
                signal.awaitUntil(joinFuture::isDone, deadlineNanos);
            }
            if (joinFuture.isDone()) {
                CompletableFuture<RebalanceRound.Outcome> done = joinFuture;
                joinFuture = null;
                finishJoin(done);
            }
        }
    }

    private synchronized boolean needsRejoin() {
        return rejoinNeeded || state != State.STABLE;
    }

    private List<String> subscribedTopics() {
        return new ArrayList<>(new TreeSet<>(subscriptions.subscription()));
    }

    /** Matches the pattern against all topics now and then; returns whether a match is known. */
    private boolean refreshPattern(long now) {
        if (patternListing == null && now - nextPatternRefreshNanos >= 0) {
            patternListing = listing.list(settings.excludeInternalTopics());
            patternListing.whenComplete((r, e) -> signal.signal());
        }
        if (patternListing != null && patternListing.isDone()) {
            CompletableFuture<Map<String, List<PartitionInfo>>> done = patternListing;
            patternListing = null;
            nextPatternRefreshNanos = now + Math.min(PATTERN_REFRESH_NANOS,
                    TimeUnit.MILLISECONDS.toNanos(settings.values().get(
                            io.petrel.client.internal.config.CommonClientConfigs.METADATA_MAX_AGE_MS)));
            if (!done.isCompletedExceptionally()) {
                Pattern pattern = subscriptions.pattern();
                Set<String> matched = new LinkedHashSet<>();
                done.join().keySet().forEach(t -> {
                    if (pattern != null && pattern.matcher(t).matches()) {
                        matched.add(t);
                    }
                });
                if (subscriptions.setPatternTopics(matched)) {
                    matched.forEach(network.metadata()::awaitTopic);
                    requestRejoin("the topics matching " + pattern + " changed to " + matched);
                }
                synchronized (this) {
                    patternMatched = true;
                }
            }
        }
        synchronized (this) {
            return patternMatched;
        }
    }

    private boolean patternMatched;

    private void checkPartitionCounts() {
        synchronized (this) {
            if (state != State.STABLE || rejoinNeeded) {
                return;
            }
        }
        for (Map.Entry<String, Integer> e : partitionCountsAtJoin.entrySet()) {
            int now = network.metadata().partitions(e.getKey()).map(List::size).orElse(e.getValue());
            if (now != e.getValue()) {
                requestRejoin("topic " + e.getKey() + " now has " + now + " partitions, not " + e.getValue());
                return;
            }
        }
    }

    private void invokeLostIfNeeded() {
        boolean lost;
        synchronized (this) {
            lost = partitionsLost;
            partitionsLost = false;
        }
        if (!lost) {
            return;
        }
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        subscriptions.assignFromGroup(List.of());
        ConsumerRebalanceListener listener = subscriptions.listener();
        if (listener != null && !owned.isEmpty()) {
            log.info("Group {}: partitions {} lost", settings.groupId(), owned);
            listener.onPartitionsLost(owned);
        }
    }

    private void prepareJoin() {
        commitBeforeRebalance(subscriptions.allConsumed());
        if (protocol == RebalanceProtocol.EAGER) {
            Set<TopicPartition> owned = subscriptions.assignedPartitions();
            subscriptions.assignFromGroup(List.of());
            revoke(owned);
        }
    }

    private void revoke(Collection<TopicPartition> partitions) {
        ConsumerRebalanceListener listener = subscriptions.listener();
        if (listener != null && !partitions.isEmpty()) {
            listener.onPartitionsRevoked(partitions);
        }
    }

    /** Auto commit before partitions may move, bounded by request.timeout.ms; failures are logged. */
    private void commitBeforeRebalance(Map<TopicPartition, OffsetAndMetadata> consumed) {
        if (!settings.autoCommit() || consumed.isEmpty() || generation() < 0) {
            return;
        }
        CompletableFuture<?> commit = commit(consumed);
        commit.whenComplete((r, e) -> signal.signal());
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs());
        signal.awaitUntil(commit::isDone, deadline);
        if (!commit.isDone() || commit.isCompletedExceptionally()) {
            log.warn("Group {}: auto commit of {} before the rebalance did not succeed", settings.groupId(), consumed);
        }
    }

    private synchronized int generation() {
        return generationId;
    }

    private void finishJoin(CompletableFuture<RebalanceRound.Outcome> done) {
        RebalanceRound.Outcome outcome;
        try {
            outcome = done.join();
        } catch (CompletionException e) {
            onJoinFailed(e.getCause());
            return;
        }
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        Set<String> topics = subscriptions.subscription();
        List<TopicPartition> assigned = new ArrayList<>();
        for (TopicPartition tp : outcome.assignment().partitions()) {
            if (topics.contains(tp.topic())) {
                assigned.add(tp);
            }
        }
        synchronized (this) {
            state = State.STABLE;
            generationId = outcome.generationId();
            memberId = outcome.memberId();
            protocolName = outcome.protocolName();
            lastHeartbeatOkNanos = time.nanoseconds();
            lastHeartbeatSentNanos = time.nanoseconds();
        }
        metrics.rebalanced();
        Map<String, Integer> counts = new HashMap<>();
        for (String t : topics) {
            network.metadata().partitions(t).ifPresent(p -> counts.put(t, p.size()));
        }
        partitionCountsAtJoin = counts;
        assignorNamed(outcome.protocolName()).ifPresent(a -> a.onAssignment(outcome.assignment(), outcome.generationId()));
        log.info("Group {}: joined generation {} as {} ({}), assigned {}", settings.groupId(), outcome.generationId(),
                outcome.memberId(), outcome.protocolName(), assigned);
        Set<TopicPartition> added = new LinkedHashSet<>(assigned);
        added.removeAll(owned);
        Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
        assigned.forEach(revoked::remove);
        if (!revoked.isEmpty()) {
            commitBeforeRebalance(onlyThese(subscriptions.allConsumed(), revoked));
        }
        subscriptions.assignFromGroup(assigned);
        RuntimeException listenerError = null;
        try {
            revoke(revoked);
        } catch (RuntimeException e) {
            listenerError = e;
        }
        ConsumerRebalanceListener listener = subscriptions.listener();
        if (listener != null) {
            try {
                listener.onPartitionsAssigned(protocol == RebalanceProtocol.EAGER ? assigned : added);
            } catch (RuntimeException e) {
                listenerError = listenerError == null ? e : listenerError;
            }
        }
        if (!revoked.isEmpty() && protocol == RebalanceProtocol.COOPERATIVE) {
            requestRejoin("partitions " + revoked + " were revoked and must be handed over");
        }
        if (listenerError != null) {
            throw listenerError;
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> onlyThese(Map<TopicPartition, OffsetAndMetadata> all,
                                                                    Set<TopicPartition> keep) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>(all);
        out.keySet().retainAll(keep);
        return out;
    }

    private void onJoinFailed(Throwable error) {
        long backoff = TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs());
        nextJoinAttemptNanos = time.nanoseconds() + backoff;
        synchronized (this) {
            state = State.UNJOINED;
            rejoinNeeded = true;
        }
        if (error instanceof RebalanceRound.Failure failure) {
            switch (failure.error) {
                case MEMBER_ID_REQUIRED, REBALANCE_IN_PROGRESS -> nextJoinAttemptNanos = time.nanoseconds();
                case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> {
                    resetGeneration(true);
                    nextJoinAttemptNanos = time.nanoseconds();
                }
                case FENCED_INSTANCE_ID -> throw new BrokerErrorException(failure.error, "Group " + settings.groupId()
                        + ": another member joined with group.instance.id " + settings.groupInstanceId()
                        + "; this consumer is fenced");
                case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> link.markUnknown(failure.error.name());
                case INCONSISTENT_GROUP_PROTOCOL, GROUP_AUTHORIZATION_FAILED, INVALID_SESSION_TIMEOUT,
                     GROUP_MAX_SIZE_REACHED -> throw BrokerErrorException.forResource(failure.error, settings.groupId(),
                        "Group " + settings.groupId() + ": " + failure.getMessage());
                default -> log.debug("Group {}: join failed: {}", settings.groupId(), failure.getMessage());
            }
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
            // Refused credentials or ACLs: joining again would be refused again, so the application hears it now.
            throw (ClientException) cause;
        }
        log.debug("Group {}: join failed: {}", settings.groupId(), error.toString());
    }

    private void resetGeneration(boolean lost) {
        synchronized (this) {
            // A static member keeps its id: the coordinator knows it by group.instance.id.
            if (settings.groupInstanceId() == null) {
                memberId = "";
            }
            generationId = -1;
            state = State.UNJOINED;
            rejoinNeeded = true;
            partitionsLost |= lost;
        }
    }

    private Optional<PartitionAssignor> assignorNamed(String name) {
        return RebalanceRound.assignorNamed(assignors, name);
    }

    // ---- committed offsets for new assignments ----

    /** Looks up committed offsets of partitions the group just assigned; without one they reset. */
    void refreshCommittedOffsets() {
        Map<TopicPartition, Integer> wanted = new HashMap<>();
        long now = time.nanoseconds();
        synchronized (subscriptions) {
            subscriptions.forEach(s -> {
                if (s.phase == PartitionState.Phase.AWAIT_COMMITTED && !s.lookupInFlight && now - s.backoffUntilNanos >= 0) {
                    s.lookupInFlight = true;
                    wanted.put(s.tp, s.generation);
                }
            });
        }
        if (wanted.isEmpty()) {
            return;
        }
        committer.fetch(wanted.keySet()).whenComplete((committed, error) -> {
            synchronized (subscriptions) {
                wanted.forEach((tp, generation) -> {
                    PartitionState s = subscriptions.state(tp);
                    if (s == null || s.generation != generation || s.phase != PartitionState.Phase.AWAIT_COMMITTED) {
                        return;
                    }
                    s.lookupInFlight = false;
                    if (error != null) {
                        s.backoffUntilNanos = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs());
                        return;
                    }
                    OffsetAndMetadata om = committed.get(tp);
                    if (om != null) {
                        s.seek(om.offset(), om.leaderEpoch());
                    } else {
                        s.requestReset(subscriptions.defaultReset());
                    }
                });
            }
            if (error != null) {
                log.debug("Group {}: fetching committed offsets failed: {}", settings.groupId(), error.toString());
            }
            signal.signal();
        });
    }

    // ---- heartbeats ----

    private void heartbeatLoop() {
        while (true) {
            long waitMs;
            synchronized (this) {
                if (closed) {
                    return;
                }
                waitMs = heartbeatStep(time.nanoseconds());
                try {
                    wait(Math.max(1, waitMs));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Under the lock: sends a heartbeat or leaves if due; returns how long to sleep, in ms. */
    private long heartbeatStep(long now) {
        if (state != State.STABLE) {
            return 100;
        }
        if (now - lastPollNanos > TimeUnit.MILLISECONDS.toNanos(settings.maxPollIntervalMs())) {
            log.warn("Group {}: consumer poll timeout has expired: poll() was not called within max.poll.interval.ms "
                    + "({} ms), so the member leaves the group; its partitions will be reassigned. Process fewer "
                    + "records per poll (max.poll.records) or raise max.poll.interval.ms", settings.groupId(),
                    settings.maxPollIntervalMs());
            if (settings.groupInstanceId() == null) {
                sendLeave(memberId, "consumer poll timeout has expired");
            }
            memberId = settings.groupInstanceId() == null ? "" : memberId;
            generationId = -1;
            state = State.UNJOINED;
            rejoinNeeded = true;
            partitionsLost = true;
            signal.signal();
            return 100;
        }
        if (now - lastHeartbeatOkNanos > TimeUnit.MILLISECONDS.toNanos(settings.sessionTimeoutMs())) {
            link.markUnknown("no successful heartbeat within session.timeout.ms");
        }
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs());
        long due = lastHeartbeatSentNanos + interval;
        if (heartbeatInFlight || now - due < 0) {
            return Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(due - now)));
        }
        heartbeatInFlight = true;
        lastHeartbeatSentNanos = now;
        int generation = generationId;
        String member = memberId;
        link.send(ApiKey.HEARTBEAT, v -> HeartbeatRequest.SCHEMA.newMessage()
                        .set(HeartbeatRequest.GROUP_ID, settings.groupId())
                        .set(HeartbeatRequest.GENERATION_ID, generation)
                        .set(HeartbeatRequest.MEMBER_ID, member)
                        .set(HeartbeatRequest.GROUP_INSTANCE_ID, settings.groupInstanceId()),
                Duration.ofMillis(settings.requestTimeoutMs())).whenComplete((r, e) -> onHeartbeat(generation, r, e));
        return Math.max(1, Math.min(100, settings.heartbeatIntervalMs()));
    }

    private void onHeartbeat(int generation, ClientNetwork.Response response, Throwable error) {
        ErrorCode code = error != null ? null : ErrorCode.forCode(response.body().get(HeartbeatResponse.ERROR_CODE));
        synchronized (this) {
            heartbeatInFlight = false;
            if (generation != generationId || state != State.STABLE) {
                return;
            }
            if (code == ErrorCode.NONE) {
                lastHeartbeatOkNanos = time.nanoseconds();
                metrics.heartbeat();
                return;
            }
        }
        if (error != null) {
            log.debug("Group {}: heartbeat failed: {}", settings.groupId(), error.toString());
            return;
        }
        switch (code) {
            case REBALANCE_IN_PROGRESS -> {
                synchronized (this) {
                    lastHeartbeatOkNanos = time.nanoseconds();
                }
                requestRejoin("the coordinator started a rebalance");
            }
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, FENCED_INSTANCE_ID -> {
                log.info("Group {}: heartbeat says {}; the member's partitions are lost", settings.groupId(), code);
                resetGeneration(true);
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> link.markUnknown(code.name());
            default -> log.warn("Group {}: heartbeat failed with {}", settings.groupId(), code);
        }
        signal.signal();
    }

    // ---- leaving ----

    /** Sends LeaveGroup for {@code member}; the future completes when the coordinator answered or the send failed. */
    private CompletableFuture<Void> sendLeave(String member, String reason) {
        if (member.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("Group {}: member {} leaves the group ({})", settings.groupId(), member, reason);
        CompletableFuture<Void> done = new CompletableFuture<>();
        link.send(ApiKey.LEAVE_GROUP, v -> {
            Message m = LeaveGroupRequest.SCHEMA.newMessage().set(LeaveGroupRequest.GROUP_ID, settings.groupId());
            return v >= 3 ? m.set(LeaveGroupRequest.MEMBERS, List.of(Message.of(LeaveGroupRequest.MemberIdentity.SCHEMA)
                    .set(LeaveGroupRequest.MemberIdentity.MEMBER_ID, member)
                    .set(LeaveGroupRequest.MemberIdentity.GROUP_INSTANCE_ID, null)
                    .set(LeaveGroupRequest.MemberIdentity.REASON, reason)))
                    : m.set(LeaveGroupRequest.MEMBER_ID, member);
        }, Duration.ofMillis(settings.requestTimeoutMs())).whenComplete((r, e) -> {
            if (e != null) {
                log.debug("Group {}: LeaveGroup failed: {}", settings.groupId(), e.toString());
            }
            done.complete(null);
            signal.signal();
        });
        return done;
    }

    /**
     * Revokes the owned partitions (listener), leaves the group unless static, and forgets the
     * membership; waits for the LeaveGroup answer up to the deadline.
     */
    void leave(String reason, long deadlineNanos) {
        if (!inGroupMode()) {
            return;
        }
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        commitBeforeRebalance(subscriptions.allConsumed());
        try {
            revoke(owned);
        } finally {
            String member;
            synchronized (this) {
                member = settings.groupInstanceId() == null ? memberId : "";
                memberId = settings.groupInstanceId() == null ? "" : memberId;
                generationId = -1;
                state = State.UNJOINED;
                rejoinNeeded = true;
            }
            joinFuture = null;
            subscriptions.assignFromGroup(List.of());
            if (!member.isEmpty() && link.isKnown()) {
                CompletableFuture<Void> sent = sendLeave(member, reason);
                signal.awaitUntil(sent::isDone, Math.min(deadlineNanos,
                        time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs())));
            }
        }
    }

    /** On close: auto commit, revoke, leave (non-static members), stop heartbeats. */
    void close(long deadlineNanos) {
        try {
            if (inGroupMode()) {
                leave("the consumer is being closed", deadlineNanos);
            } else if (settings.autoCommit()) {
                Map<TopicPartition, OffsetAndMetadata> consumed = subscriptions.allConsumed();
                if (!consumed.isEmpty()) {
                    CompletableFuture<?> c = commit(consumed);
                    c.whenComplete((r, e) -> signal.signal());
                    signal.awaitUntil(c::isDone, deadlineNanos);
                }
            }
        } finally {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }
}
