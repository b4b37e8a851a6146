package io.petrel.consumer.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.PartitionInfo;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.consumer.OffsetAndMetadata;
import io.petrel.consumer.PartitionAssignor;
import io.petrel.consumer.PartitionAssignor.Assignment;
import io.petrel.consumer.PartitionAssignor.RebalanceProtocol;
import io.petrel.consumer.PartitionAssignor.Subscription;
import io.petrel.consumer.internal.assignor.AssignorResolver;
import io.petrel.consumer.internal.assignor.ConsumerProtocolCodec;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.HeartbeatRequest;
import io.petrel.protocol.schemas.HeartbeatResponse;
import io.petrel.protocol.schemas.JoinGroupRequest;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.LeaveGroupRequest;
import io.petrel.protocol.schemas.SyncGroupRequest;
import io.petrel.protocol.schemas.SyncGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
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
 * <p><b>Join chain.</b> FindCoordinator, JoinGroup (protocol type "consumer", one protocol per assignor,
 * each with its subscription bytes), and, for the leader, the assignor the broker chose over every
 * member's subscription, then SyncGroup. MEMBER_ID_REQUIRED rejoins at once with the given id;
 * UNKNOWN_MEMBER_ID and ILLEGAL_GENERATION reset the member; coordinator errors find the coordinator
 * again; a failed round is retried after retry.backoff.ms by the next poll.
 *
 * <p><b>Heartbeat thread.</b> A daemon thread sends a Heartbeat every heartbeat.interval.ms while the
 * member is stable, and leaves the group when poll was not called within max.poll.interval.ms (a static
 * member only drops its generation, as Kafka). State shared with it is guarded by this object's lock.
 */
final class GroupMembership {
    private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);
    private static final String PROTOCOL_TYPE = "consumer";
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
    private CompletableFuture<JoinOutcome> joinFuture;
    private long nextJoinAttemptNanos;
    private Map<String, Integer> partitionCountsAtJoin = Map.of();
    private CompletableFuture<Map<String, List<PartitionInfo>>> patternListing;
    private long nextPatternRefreshNanos;

    /** What a completed round gave this member. */
    private record JoinOutcome(int generationId, String memberId, String protocolName, Assignment assignment) {
    }

    /** A round failed with a broker error the poll loop handles. */
    private static final class JoinFailure extends RuntimeException {
        final ErrorCode error;

        JoinFailure(ErrorCode error, String message) {
            super(message, null, false, false);
            this.error = error;
        }
    }

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
            joinFuture = join(subscribedTopics());
            joinFuture.whenComplete((r, e) -> signal.signal());
        }
        if (joinFuture != null) {
            // As Kafka's classic consumer: a rebalance does not hold up poll while partitions are still owned
            // (COOPERATIVE keeps them), so records keep flowing; with none owned there is nothing else to do.
            if (subscriptions.assignedPartitions().isEmpty()) {
                signal.awaitUntil(joinFuture::isDone, deadlineNanos);
            }
            if (joinFuture.isDone()) {
                CompletableFuture<JoinOutcome> done = joinFuture;
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

    private void finishJoin(CompletableFuture<JoinOutcome> done) {
        JoinOutcome outcome;
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
        if (error instanceof JoinFailure failure) {
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
                     GROUP_MAX_SIZE_REACHED -> throw new BrokerErrorException(failure.error,
                        "Group " + settings.groupId() + ": " + failure.getMessage());
                default -> log.debug("Group {}: join failed: {}", settings.groupId(), failure.getMessage());
            }
            return;
        }
        log.debug("Group {}: join failed: {}", settings.groupId(), error.toString());
    }

    private void resetGeneration(boolean lost) {
        synchronized (this) {
            memberId = settings.groupInstanceId() != null ? memberId : "";
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
        return assignors.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    // ---- the join chain (network thread) ----

    private CompletableFuture<JoinOutcome> join(List<String> topics) {
        List<TopicPartition> owned = new ArrayList<>(subscriptions.assignedPartitions());
        int generation = generation();
        List<Message> protocols = new ArrayList<>();
        for (PartitionAssignor a : assignors) {
            Subscription s = new Subscription(topics, a.subscriptionUserData(Set.copyOf(topics)), owned,
                    generation >= 0 ? Optional.of(generation) : Optional.empty(),
                    settings.clientRack().isEmpty() ? Optional.empty() : Optional.of(settings.clientRack()));
            protocols.add(Message.of(JoinGroupRequest.JoinGroupRequestProtocol.SCHEMA)
                    .set(JoinGroupRequest.JoinGroupRequestProtocol.NAME, a.name())
                    .set(JoinGroupRequest.JoinGroupRequestProtocol.METADATA, bytes(ConsumerProtocolCodec.encodeSubscription(s))));
        }
        return sendJoin(protocols);
    }

    private CompletableFuture<JoinOutcome> sendJoin(List<Message> protocols) {
        String currentMember;
        synchronized (this) {
            currentMember = memberId;
        }
        Duration timeout = Duration.ofMillis(Math.max(settings.requestTimeoutMs(), settings.maxPollIntervalMs() + 5_000L));
        return link.send(ApiKey.JOIN_GROUP, v -> JoinGroupRequest.SCHEMA.newMessage()
                        .set(JoinGroupRequest.GROUP_ID, settings.groupId())
                        .set(JoinGroupRequest.SESSION_TIMEOUT_MS, settings.sessionTimeoutMs())
                        .set(JoinGroupRequest.REBALANCE_TIMEOUT_MS, settings.maxPollIntervalMs())
                        .set(JoinGroupRequest.MEMBER_ID, currentMember)
                        .set(JoinGroupRequest.GROUP_INSTANCE_ID, settings.groupInstanceId())
                        .set(JoinGroupRequest.PROTOCOL_TYPE, PROTOCOL_TYPE)
                        .set(JoinGroupRequest.PROTOCOLS, protocols), timeout)
                .thenCompose(response -> onJoinResponse(response, protocols));
    }

    private CompletableFuture<JoinOutcome> onJoinResponse(ClientNetwork.Response response, List<Message> protocols) {
        Message body = response.body();
        ErrorCode error = ErrorCode.forCode(body.get(JoinGroupResponse.ERROR_CODE));
        if (error == ErrorCode.MEMBER_ID_REQUIRED) {
            synchronized (this) {
                memberId = body.get(JoinGroupResponse.MEMBER_ID);
            }
            return sendJoin(protocols);
        }
        if (error != ErrorCode.NONE) {
            if (error == ErrorCode.UNKNOWN_MEMBER_ID) {
                synchronized (this) {
                    memberId = "";
                }
            }
            throw new JoinFailure(error, "JoinGroup failed with " + error + ": " + error.message());
        }
        int generation = body.get(JoinGroupResponse.GENERATION_ID);
        String member = body.get(JoinGroupResponse.MEMBER_ID);
        String protocolName = body.get(JoinGroupResponse.PROTOCOL_NAME);
        synchronized (this) {
            memberId = member;
        }
        boolean leader = member.equals(body.get(JoinGroupResponse.LEADER));
        CompletableFuture<Map<String, Assignment>> assignments = leader && !body.get(JoinGroupResponse.SKIP_ASSIGNMENT)
                ? assign(protocolName, body.get(JoinGroupResponse.MEMBERS))
                : CompletableFuture.completedFuture(Map.of());
        return assignments.thenCompose(a -> sync(generation, member, protocolName, a));
    }

    private CompletableFuture<Map<String, Assignment>> assign(String protocolName, List<Message> members) {
        PartitionAssignor assignor = assignorNamed(protocolName).orElseThrow(() -> new ClientException(
                "The coordinator chose assignor " + protocolName + ", which this consumer did not offer"));
        Map<String, Subscription> subscriptionsByMember = new HashMap<>();
        Set<String> allTopics = new TreeSet<>();
        for (Message m : members) {
            Subscription s = ConsumerProtocolCodec.decodeSubscription(
                    ByteBuffer.wrap(m.get(JoinGroupResponse.JoinGroupResponseMember.METADATA)));
            subscriptionsByMember.put(m.get(JoinGroupResponse.JoinGroupResponseMember.MEMBER_ID), s);
            allTopics.addAll(s.topics());
        }
        Map<String, CompletableFuture<List<PartitionInfo>>> lookups = new HashMap<>();
        for (String t : allTopics) {
            lookups.put(t, network.metadata().awaitTopic(t).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, Integer> counts = new HashMap<>();
            lookups.forEach((t, f) -> {
                List<PartitionInfo> p = f.join();
                if (p != null && !p.isEmpty()) {
                    counts.put(t, p.size());
                }
            });
            log.debug("Group {}: leader assigning {} over {}", settings.groupId(), counts, subscriptionsByMember.keySet());
            return assignor.assign(counts, subscriptionsByMember).assignments();
        });
    }

    private CompletableFuture<JoinOutcome> sync(int generation, String member, String protocolName,
                                                Map<String, Assignment> assignments) {
        List<Message> encoded = new ArrayList<>();
        assignments.forEach((m, a) -> encoded.add(Message.of(SyncGroupRequest.SyncGroupRequestAssignment.SCHEMA)
                .set(SyncGroupRequest.SyncGroupRequestAssignment.MEMBER_ID, m)
                .set(SyncGroupRequest.SyncGroupRequestAssignment.ASSIGNMENT, bytes(ConsumerProtocolCodec.encodeAssignment(a)))));
        return link.send(ApiKey.SYNC_GROUP, v -> SyncGroupRequest.SCHEMA.newMessage()
                        .set(SyncGroupRequest.GROUP_ID, settings.groupId())
                        .set(SyncGroupRequest.GENERATION_ID, generation)
                        .set(SyncGroupRequest.MEMBER_ID, member)
                        .set(SyncGroupRequest.GROUP_INSTANCE_ID, settings.groupInstanceId())
                        .set(SyncGroupRequest.PROTOCOL_TYPE, PROTOCOL_TYPE)
                        .set(SyncGroupRequest.PROTOCOL_NAME, protocolName)
                        .set(SyncGroupRequest.ASSIGNMENTS, encoded), Duration.ofMillis(settings.requestTimeoutMs()))
                .thenApply(response -> {
                    ErrorCode error = ErrorCode.forCode(response.body().get(SyncGroupResponse.ERROR_CODE));
                    if (error != ErrorCode.NONE) {
                        throw new JoinFailure(error, "SyncGroup failed with " + error + ": " + error.message());
                    }
                    byte[] bytes = response.body().get(SyncGroupResponse.ASSIGNMENT);
                    Assignment assignment = bytes == null || bytes.length == 0 ? new Assignment(List.of())
                            : ConsumerProtocolCodec.decodeAssignment(ByteBuffer.wrap(bytes));
                    return new JoinOutcome(generation, member, protocolName, assignment);
                });
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
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

    private void sendLeave(String member, String reason) {
        if (member.isEmpty()) {
            return;
        }
        log.info("Group {}: member {} leaves the group ({})", settings.groupId(), member, reason);
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
            signal.signal();
        });
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
                CompletableFuture<Void> sent = new CompletableFuture<>();
                sendLeaveAndThen(member, reason, sent);
                signal.awaitUntil(sent::isDone, Math.min(deadlineNanos,
                        time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs())));
            }
        }
    }

    private void sendLeaveAndThen(String member, String reason, CompletableFuture<Void> done) {
        link.send(ApiKey.LEAVE_GROUP, v -> {
            Message m = LeaveGroupRequest.SCHEMA.newMessage().set(LeaveGroupRequest.GROUP_ID, settings.groupId());
            return v >= 3 ? m.set(LeaveGroupRequest.MEMBERS, List.of(Message.of(LeaveGroupRequest.MemberIdentity.SCHEMA)
                    .set(LeaveGroupRequest.MemberIdentity.MEMBER_ID, member)
                    .set(LeaveGroupRequest.MemberIdentity.GROUP_INSTANCE_ID, null)
                    .set(LeaveGroupRequest.MemberIdentity.REASON, reason)))
                    : m.set(LeaveGroupRequest.MEMBER_ID, member);
        }, Duration.ofMillis(settings.requestTimeoutMs())).whenComplete((r, e) -> {
            done.complete(null);
            signal.signal();
        });
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
