package io.petrel.consumer.internal;

import io.petrel.client.AuthenticationException;
import io.petrel.client.AuthorizationException;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.CoordinatorLink;
import io.petrel.consumer.CommitFailedException;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.consumer.PartitionAssignor;
import io.petrel.consumer.PartitionAssignor.RebalanceProtocol;
import io.petrel.consumer.internal.assignor.AssignorResolver;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
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

/**
 * Membership of a classic consumer group (group.protocol=classic), as Kafka's classic protocol runs it: the application thread's
 * side of JoinGroup/SyncGroup rounds, the rebalance callbacks and leaving. Its parts: {@link MemberState}
 * (the member's phase, id and generation: the state machine), {@link HeartbeatThread} (heartbeats and the
 * poll and session clocks, on their own thread) and {@link PatternSubscription} (a pattern's topics).
 *
 * <p><b>Application thread.</b> {@link #poll} (inside Consumer.poll) decides a rebalance is needed (first
 * join, a heartbeat saw REBALANCE_IN_PROGRESS, the subscription or a pattern's matches or a subscribed
 * topic's partition count changed), runs the preparation (auto commit, then with EAGER revoking every
 * partition), starts the join as a chain of futures on the network thread, and when it completes applies
 * the assignment and calls the listener: EAGER announces the whole new assignment; COOPERATIVE revokes
 * only partitions that moved and rejoins once more so they can be handed over. Partitions are reported
 * lost (onPartitionsLost) when the member was fenced or its generation expired.
 *
 * <p><b>Join.</b> Each round is a {@link RebalanceRound}. When it fails, UNKNOWN_MEMBER_ID resets the member,
 * ILLEGAL_GENERATION only its generation (the member id stays valid, as Kafka's consumer keeps it); coordinator
 * errors find the coordinator again; FENCED_INSTANCE_ID and configuration errors are thrown to the application;
 * others are retried after retry.backoff.ms by the next poll.
 *
 * <p><b>Commits.</b> Sent only while the member is stable, and a refusal (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID)
 * resets the member only if it is still in the generation the commit was sent for: the coordinator answers a
 * commit sent during a join only after the join completes, and resetting the new generation then dropped its
 * member id, leaving the coordinator to wait session.timeout.ms for a member nobody speaks for.
 */
final class GroupMembership implements Membership {
    private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);

    private final ConsumerSettings settings;
    private final Time time;
    private final ClientNetwork network;
    private final CoordinatorLink link;
    private final OffsetCommitter committer;
    private final SubscriptionState subscriptions;
    private final ConsumerSignal signal;
    private final ConsumerMetrics metrics;
    private final List<PartitionAssignor> assignors;
    private final RebalanceProtocol protocol;
    private final MemberState member;
    private final HeartbeatThread heartbeats;
    private final PatternSubscription pattern;
    private final CommittedOffsetLoader committedOffsets;

    // Application thread only.
    private CompletableFuture<RebalanceRound.Outcome> joinFuture;
    private long nextJoinAttemptNanos;
    private Map<String, Integer> partitionCountsAtJoin = Map.of();

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
        this.assignors = AssignorResolver.resolve(settings.assignmentStrategy());
        this.protocol = commonProtocol(assignors);
        this.member = new MemberState(settings.groupId(), settings.groupInstanceId());
        this.pattern = new PatternSubscription(settings, listing, subscriptions, network.metadata(), member::requestRejoin,
                signal);
        this.heartbeats = new HeartbeatThread(settings, time, link, member, signal, metrics, this::sendLeave);
        this.committedOffsets = new CommittedOffsetLoader(settings, time, committer, subscriptions, signal,
                () -> OffsetCommitter.Member.NONE);
        this.heartbeats.start();
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
        return mode.isGroup();
    }

    @Override
    public void onSubscriptionChanged() {
        member.requestRejoin("the subscription changed");
        pattern.subscriptionChanged();
    }

    /** The member groupMetadata reports: the current generation, or none for a manual assignment. */
    private OffsetCommitter.Member committingMember() {
        return inGroupMode() ? member.committer() : OffsetCommitter.Member.NONE;
    }

    /**
     * Who this consumer is in its group, for a transactional producer's sendOffsetsToTransaction: the current
     * generation and member id (-1 and "" while not in one, or with a manual assignment).
     */
    @Override
    public ConsumerGroupMetadata groupMetadata() {
        OffsetCommitter.Member m = committingMember();
        return new ConsumerGroupMetadata(settings.groupId(), m.generationId(), m.memberId(),
                Optional.ofNullable(settings.groupInstanceId()));
    }

    /**
     * Commits for the current generation. In a group, only while stable, as Kafka's consumer: a commit sent during
     * a rebalance would be answered for a generation about to change, so it fails here with REBALANCE_IN_PROGRESS
     * (CommitFailedException when the member is not in a generation at all), and the next poll completes the join.
     */
    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!inGroupMode()) {
            return committer.commit(offsets, OffsetCommitter.Member.NONE, error -> signal.signal());
        }
        OffsetCommitter.Member m = member.stableCommitter();
        if (m == null) {
            return CompletableFuture.failedFuture(notStable());
        }
        return committer.commit(offsets, m, error -> {
            switch (error) {
                case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> member.resetIfStableIn(m.generationId(), error);
                default -> member.requestRejoinIfStableIn(m.generationId(), "commit failed with " + error);
            }
            signal.signal();
        });
    }

    private ClientException notStable() {
        if (member.isJoining()) {
            return new BrokerErrorException(ErrorCode.REBALANCE_IN_PROGRESS, "Group " + settings.groupId()
                    + ": offsets cannot be committed while the member is rebalancing; poll() completes the rebalance,"
                    + " then commit again");
        }
        return new CommitFailedException("Group " + settings.groupId() + ": offsets cannot be committed since the"
                + " member is not part of a generation of the group (it is joining afresh); poll() to rejoin, and"
                + " reprocess the uncommitted records");
    }

    /** The longest the poll loop may wait without a signal: heartbeat-driven events signal it anyway. */
    @Override
    public long nanosUntilNextEvent() {
        return TimeUnit.MILLISECONDS.toNanos(100);
    }

    // ---- application thread ----

    /**
     * Keeps the membership going; returns by the deadline even if a rebalance is still under way, and at
     * once while partitions are owned (the join's completion signals the poll loop).
     */
    @Override
    public void poll(long deadlineNanos) {
        long now = time.nanoseconds();
        heartbeats.polled(now);
        if (!inGroupMode()) {
            return;
        }
        invokeLostIfNeeded();
        if (subscriptions.mode() == SubscriptionState.Mode.PATTERN && !pattern.refresh(now)) {
            return;
        }
        checkPartitionCounts();
        if (joinFuture == null && member.needsRejoin() && now - nextJoinAttemptNanos >= 0) {
            prepareJoin();
            member.startJoin();
            metrics.rebalanceStarted();
            joinFuture = new RebalanceRound(settings, network, link, assignors, member)
                    .start(subscribedTopics(), List.copyOf(subscriptions.assignedPartitions()), member.generation());
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

    private List<String> subscribedTopics() {
        return new ArrayList<>(new TreeSet<>(subscriptions.subscription()));
    }

    private void checkPartitionCounts() {
        if (!member.isSettled()) {
            return;
        }
        for (Map.Entry<String, Integer> e : partitionCountsAtJoin.entrySet()) {
            int now = network.metadata().partitions(e.getKey()).map(List::size).orElse(e.getValue());
            if (now != e.getValue()) {
                member.requestRejoin("topic " + e.getKey() + " now has " + now + " partitions, not " + e.getValue());
                return;
            }
        }
    }

    private void invokeLostIfNeeded() {
        if (!member.takePartitionsLost()) {
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
        if (!settings.autoCommit() || consumed.isEmpty() || member.stableCommitter() == null) {
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
        // The heartbeat clocks first: the heartbeat thread must not see the new generation with old clocks.
        heartbeats.restart(time.nanoseconds());
        member.joined(outcome.generationId(), outcome.memberId());
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
            member.requestRejoin("partitions " + revoked + " were revoked and must be handed over");
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
        // As kafka-clients' classic coordinator: every failed JoinGroup/SyncGroup round is a failed rebalance (the
        // immediate rejoin a MEMBER_ID_REQUIRED answer asks for stays inside one round here, so it is not one).
        metrics.rebalanceFailed();
        long backoff = TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs());
        nextJoinAttemptNanos = time.nanoseconds() + backoff;
        member.joinFailed();
        if (error instanceof RebalanceRound.Failure failure) {
            switch (failure.error) {
                case MEMBER_ID_REQUIRED, REBALANCE_IN_PROGRESS -> nextJoinAttemptNanos = time.nanoseconds();
                case UNKNOWN_MEMBER_ID -> {
                    member.reset(true);
                    nextJoinAttemptNanos = time.nanoseconds();
                }
                case ILLEGAL_GENERATION -> {
                    // SyncGroup for a generation the group has left: the coordinator still knows the member id.
                    member.dropGeneration();
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

    private Optional<PartitionAssignor> assignorNamed(String name) {
        return RebalanceRound.assignorNamed(assignors, name);
    }

    // ---- committed offsets for new assignments ----

    /** Looks up committed offsets of partitions the group just assigned; without one they reset. */
    @Override
    public void refreshCommittedOffsets() {
        committedOffsets.refresh();
    }

    // ---- leaving ----

    /** Sends LeaveGroup for {@code memberId}; the future completes when the coordinator answered or the send failed. */
    private CompletableFuture<Void> sendLeave(String memberId, String reason) {
        if (memberId.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("Group {}: member {} leaves the group ({})", settings.groupId(), memberId, reason);
        CompletableFuture<Void> done = new CompletableFuture<>();
        link.send(ApiKey.LEAVE_GROUP, v -> {
            Message m = LeaveGroupRequest.SCHEMA.newMessage().set(LeaveGroupRequest.GROUP_ID, settings.groupId());
            return v >= 3 ? m.set(LeaveGroupRequest.MEMBERS, List.of(Message.of(LeaveGroupRequest.MemberIdentity.SCHEMA)
                    .set(LeaveGroupRequest.MemberIdentity.MEMBER_ID, memberId)
                    .set(LeaveGroupRequest.MemberIdentity.GROUP_INSTANCE_ID, null)
                    .set(LeaveGroupRequest.MemberIdentity.REASON, reason)))
                    : m.set(LeaveGroupRequest.MEMBER_ID, memberId);
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
    @Override
    public void leave(String reason, long deadlineNanos) {
        if (!inGroupMode()) {
            return;
        }
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        commitBeforeRebalance(subscriptions.allConsumed());
        try {
            revoke(owned);
        } finally {
            String leaving = member.leave();
            joinFuture = null;
            subscriptions.assignFromGroup(List.of());
            if (!leaving.isEmpty() && link.isKnown()) {
                CompletableFuture<Void> sent = sendLeave(leaving, reason);
                signal.awaitUntil(sent::isDone, Math.min(deadlineNanos,
                        time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs())));
            }
        }
    }

    /** On close: auto commit, revoke, leave (non-static members), stop heartbeats. */
    @Override
    public void close(long deadlineNanos) {
        try {
            if (inGroupMode()) {
                leave("the consumer is being closed", deadlineNanos);
            }
        } finally {
            heartbeats.close();
        }
    }
}
