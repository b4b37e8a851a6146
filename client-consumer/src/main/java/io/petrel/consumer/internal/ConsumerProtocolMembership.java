package io.petrel.consumer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.CoordinatorLink;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.consumer.SubscriptionPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Membership of a group speaking Kafka 4's consumer protocol (group.protocol=consumer, KIP-848): the broker
 * assigns partitions and the member reconciles, partition by partition, with no stop-the-world rebalance. Its
 * parts: {@link ConsumerProtocolMember} (id, epoch, target and owned assignment) and
 * {@link ConsumerHeartbeatThread} (the ConsumerGroupHeartbeat loop).
 *
 * <p><b>Application thread.</b> {@link #poll} (inside Consumer.poll) hands the subscription to the member (the
 * first one joins at epoch 0), reports partitions lost when the member was fenced or left after a poll timeout
 * and rejoins, and reconciles the newest target as kafka-clients does: topic ids are resolved to names through
 * the metadata (ids not known yet wait, and are reconciled once a listing of every topic names them); partitions
 * to revoke go first (auto commit of their offsets, then onPartitionsRevoked), then the new ones
 * (onPartitionsAssigned), and the next heartbeat, sent at once, acknowledges what is owned now.
 *
 * <p>A java.util.regex subscription is matched here ({@link PatternSubscription}) and sent as topic names, as
 * kafka-clients does; a {@link SubscriptionPattern} is sent to the broker as a regex. Leaving (unsubscribe,
 * close) revokes, then sends the heartbeat with epoch -1 (-2 for a static member).
 */
final class ConsumerProtocolMembership implements Membership {
    private static final Logger log = LoggerFactory.getLogger(ConsumerProtocolMembership.class);

    private final ConsumerSettings settings;
    private final Time time;
    private final ClientNetwork network;
    private final OffsetCommitter committer;
    private final SubscriptionState subscriptions;
    private final ConsumerSignal signal;
    private final ConsumerMetrics metrics;
    private final TopicListing listing;
    private final ConsumerProtocolMember member;
    private final ConsumerHeartbeatThread heartbeats;
    private final PatternSubscription pattern;
    private final CommittedOffsetLoader committedOffsets;

    // Application thread only.
    private long reconciledVersion = -1;
    private boolean unresolvedIds;
    private CompletableFuture<Map<UUID, String>> idLookup;
    private long nextIdLookupNanos;

    ConsumerProtocolMembership(ConsumerSettings settings, Time time, ClientNetwork network, CoordinatorLink link,
                               OffsetCommitter committer, SubscriptionState subscriptions, ConsumerSignal signal,
                               ConsumerMetrics metrics, TopicListing listing) {
        this.settings = settings;
        this.time = time;
        this.network = network;
        this.committer = committer;
        this.subscriptions = subscriptions;
        this.signal = signal;
        this.metrics = metrics;
        this.listing = listing;
        this.member = new ConsumerProtocolMember(settings.groupId(), settings.groupInstanceId());
        // Matches changing reach the broker in the next heartbeat's topic names: no rejoin.
        this.pattern = new PatternSubscription(settings, listing, subscriptions, network.metadata(),
                reason -> log.info("Group {}: {}", settings.groupId(), reason), signal);
        this.committedOffsets = new CommittedOffsetLoader(settings, time, committer, subscriptions, signal,
                this::committingMember);
        this.heartbeats = new ConsumerHeartbeatThread(settings, time, link, member, signal, metrics);
        this.heartbeats.start();
    }

    private boolean inGroupMode() {
        return subscriptions.mode().isGroup();
    }

    @Override
    public void onSubscriptionChanged() {
        pattern.subscriptionChanged();
    }

    /** The member a commit speaks for: its id and current epoch, or none for a manual assignment. */
    private OffsetCommitter.Member committingMember() {
        return inGroupMode() ? member.committer() : OffsetCommitter.Member.NONE;
    }

    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return committer.commit(offsets, committingMember(), error -> {
            // Fencing reaches the member through its heartbeat; a commit only fails.
        });
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        OffsetCommitter.Member m = committingMember();
        return new ConsumerGroupMetadata(settings.groupId(), m.generationId(), m.memberId(),
                Optional.ofNullable(settings.groupInstanceId()));
    }

    @Override
    public long nanosUntilNextEvent() {
        return TimeUnit.MILLISECONDS.toNanos(100);
    }

    @Override
    public void refreshCommittedOffsets() {
        committedOffsets.refresh();
    }

    // ---- application thread ----

    @Override
    public void poll(long deadlineNanos) {
        long now = time.nanoseconds();
        heartbeats.polled(now);
        if (!inGroupMode()) {
            return;
        }
        ClientException fatal = member.takeFatal();
        if (fatal != null) {
            throw fatal;
        }
        reportLostAndRejoin();
        if (subscriptions.mode() == SubscriptionState.Mode.PATTERN && !pattern.refresh(now)) {
            return;
        }
        member.subscribe(currentSubscription());
        heartbeats.wakeUp();
        if (subscriptions.assignedPartitions().isEmpty() && reconciledVersion < 0) {
            // Nothing to read until the broker's first assignment: wait for it, as a classic join does.
            signal.awaitUntil(() -> member.target() != null || member.phase() != ConsumerProtocolMember.Phase.JOINING
                    && member.phase() != ConsumerProtocolMember.Phase.STABLE, deadlineNanos);
        }
        reconcile();
    }

    private ConsumerProtocolMember.Subscription currentSubscription() {
        SubscriptionPattern regex = subscriptions.brokerPattern();
        if (regex != null) {
            return new ConsumerProtocolMember.Subscription(List.of(), regex.pattern());
        }
        return new ConsumerProtocolMember.Subscription(List.copyOf(new TreeSet<>(subscriptions.subscription())), null);
    }

    /** A fenced member, or one that left on a poll timeout, loses its partitions and joins again at epoch 0. */
    private void reportLostAndRejoin() {
        ConsumerProtocolMember.Phase phase = member.phase();
        if (phase != ConsumerProtocolMember.Phase.FENCED && phase != ConsumerProtocolMember.Phase.STALE) {
            return;
        }
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        subscriptions.assignFromGroup(List.of());
        reconciledVersion = -1;
        member.rejoin();
        heartbeats.wakeUp();
        ConsumerRebalanceListener listener = subscriptions.listener();
        if (listener != null && !owned.isEmpty()) {
            log.info("Group {}: partitions {} lost", settings.groupId(), owned);
            listener.onPartitionsLost(owned);
        }
    }

    /** Reconciles the newest target: revoke first, then assign, then acknowledge in the next heartbeat. */
    private void reconcile() {
        ConsumerProtocolMember.Target target = member.target();
        if (target == null || (target.version() == reconciledVersion && !unresolvedIds)) {
            return;
        }
        Map<UUID, String> names = resolveNames(target.partitions().keySet());
        List<TopicPartition> assigned = new ArrayList<>();
        Map<UUID, SortedSet<Integer>> ownedIds = new TreeMap<>();
        target.partitions().forEach((id, partitions) -> {
            String name = names.get(id);
            if (name != null) {
                partitions.forEach(p -> assigned.add(new TopicPartition(name, p)));
                ownedIds.put(id, partitions);
            }
        });
        unresolvedIds = names.size() < target.partitions().size();
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
        assigned.forEach(revoked::remove);
        Set<TopicPartition> added = new LinkedHashSet<>(assigned);
        added.removeAll(owned);
        boolean firstAfterJoin = reconciledVersion < 0;
        reconciledVersion = target.version();
        if (revoked.isEmpty() && added.isEmpty() && !firstAfterJoin) {
            endRebalance(member.reconciled(ownedIds));
            heartbeats.wakeUp();
            return;
        }
        RuntimeException listenerError = null;
        if (!revoked.isEmpty()) {
            // As kafka-clients: the listener runs while the partitions are still assigned (no poll returns their
            // records meanwhile), so commitSync() or position() in onPartitionsRevoked still see them.
            commitBeforeRevoking(revoked);
            listenerError = callListener(l -> l.onPartitionsRevoked(revoked));
            List<TopicPartition> kept = new ArrayList<>(owned);
            kept.removeAll(revoked);
            subscriptions.assignFromGroup(kept);
        }
        subscriptions.assignFromGroup(assigned);
        if (subscriptions.mode() == SubscriptionState.Mode.BROKER_PATTERN) {
            Set<String> topics = new TreeSet<>();
            assigned.forEach(tp -> topics.add(tp.topic()));
            subscriptions.setBrokerPatternTopics(topics);
        }
        log.info("Group {}: member {} at epoch {} now owns {} (revoked {}, added {})", settings.groupId(),
                member.memberId(), member.epoch(), assigned, revoked, added);
        RuntimeException assignError = callListener(l -> l.onPartitionsAssigned(added));
        endRebalance(member.reconciled(ownedIds));
        heartbeats.wakeUp();
        RuntimeException first = listenerError != null ? listenerError : assignError;
        if (first != null) {
            throw first;
        }
    }

    /**
     * As kafka-clients' member leaving RECONCILING: a rebalance ends once the owned partitions are the target's
     * and the listener has run; {@code startedMs} is -1 when this reconciliation ended none.
     */
    private void endRebalance(long startedMs) {
        if (startedMs >= 0) {
            metrics.rebalanced(startedMs);
        }
    }

    /**
     * Names for the target's topic ids from the metadata cache; ids it does not know are looked up with a
     * listing of every topic, whose names are then tracked by the metadata (their partitions are needed to
     * fetch). Until then those ids are left out of the reconciliation.
     */
    private Map<UUID, String> resolveNames(Set<UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        List<UUID> unknown = new ArrayList<>();
        for (UUID id : ids) {
            Optional<String> name = network.metadata().topicName(id);
            if (name.isPresent()) {
                names.put(id, name.get());
            } else {
                unknown.add(id);
            }
        }
        if (unknown.isEmpty()) {
            return names;
        }
        if (idLookup != null && idLookup.isDone()) {
            CompletableFuture<Map<UUID, String>> done = idLookup;
            idLookup = null;
            if (!done.isCompletedExceptionally()) {
                done.join().forEach((id, name) -> {
                    if (unknown.contains(id)) {
                        network.metadata().awaitTopic(name).whenComplete((r, e) -> signal.signal());
                    }
                });
            }
        }
        long now = time.nanoseconds();
        if (idLookup == null && now - nextIdLookupNanos >= 0) {
            // One listing per retry.backoff.ms at most while the metadata catches up with the names it gave.
            nextIdLookupNanos = now + TimeUnit.MILLISECONDS.toNanos(Math.max(settings.retryBackoffMs(), 1));
            log.debug("Group {}: topic ids {} of the assignment are not in the metadata yet", settings.groupId(), unknown);
            idLookup = listing.topicIds(settings.excludeInternalTopics());
            idLookup.whenComplete((r, e) -> signal.signal());
        }
        return names;
    }

    private RuntimeException callListener(Consumer<ConsumerRebalanceListener> call) {
        ConsumerRebalanceListener listener = subscriptions.listener();
        if (listener == null) {
            return null;
        }
        try {
            call.accept(listener);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** With auto commit, the offsets consumed from partitions about to be revoked, bounded by request.timeout.ms. */
    private void commitBeforeRevoking(Collection<TopicPartition> revoked) {
        if (!settings.autoCommit()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>(subscriptions.allConsumed());
        consumed.keySet().retainAll(new LinkedHashSet<>(revoked));
        commitAndWait(consumed, time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs()));
    }

    private void commitAndWait(Map<TopicPartition, OffsetAndMetadata> offsets, long deadlineNanos) {
        if (offsets.isEmpty()) {
            return;
        }
        CompletableFuture<?> commit = commit(offsets);
        commit.whenComplete((r, e) -> signal.signal());
        signal.awaitUntil(commit::isDone, deadlineNanos);
        if (!commit.isDone() || commit.isCompletedExceptionally()) {
            log.warn("Group {}: auto commit of {} before revoking did not succeed", settings.groupId(), offsets);
        }
    }

    // ---- leaving ----

    @Override
    public void leave(String reason, long deadlineNanos) {
        if (!inGroupMode()) {
            return;
        }
        ConsumerProtocolMember.Phase phase = member.phase();
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        try {
            if (phase == ConsumerProtocolMember.Phase.FENCED || phase == ConsumerProtocolMember.Phase.STALE) {
                reportLostAndRejoin();
            } else if (!owned.isEmpty()) {
                if (settings.autoCommit()) {
                    commitAndWait(subscriptions.allConsumed(), Math.min(deadlineNanos,
                            time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs())));
                }
                RuntimeException e = callListener(l -> l.onPartitionsRevoked(owned));
                subscriptions.assignFromGroup(List.of());
                if (e != null) {
                    throw e;
                }
            }
        } finally {
            boolean wasMember = member.phase().heartbeats();
            member.leaving();
            subscriptions.assignFromGroup(List.of());
            reconciledVersion = -1;
            unresolvedIds = false;
            if (wasMember) {
                CompletableFuture<ClientNetwork.Response> sent = heartbeats.sendLeave(reason);
                sent.whenComplete((r, e) -> signal.signal());
                signal.awaitUntil(sent::isDone, Math.min(deadlineNanos,
                        time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs())));
            }
            member.left();
        }
    }

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
