package io.petrel.consumer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.UnsupportedVersionException;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.UUID;
import java.nio.ByteBuffer;

/**
 * Where a member of a consumer-protocol group (KIP-848) stands, and the only place that moves it: its id, its
 * epoch, the assignment the broker wants it to own (the target) and the one it owns (reconciled), and which
 * heartbeat fields were last sent.
 *
 * <pre>
 *   UNSUBSCRIBED ──join──&gt; JOINING ──first answer──&gt; STABLE ──leave──&gt; LEAVING ──left──&gt; UNSUBSCRIBED
 *                            ^  FENCED_MEMBER_EPOCH / UNKNOWN_MEMBER_ID ──&gt; FENCED ─┐
 *                            |  poll timeout (left with epoch -1/-2) ──────&gt; STALE ──┤ poll: partitions lost
 *                            └──────────────────────── rejoin (epoch 0) ─────────────┘
 * </pre>
 *
 * <p>As kafka-clients 4.x: the member id is a random UUID made here and kept for the consumer's lifetime
 * (ConsumerGroupHeartbeat v1); a broker speaking only v0 may make the id itself, so the id its answers carry is
 * the one used from then on (see {@link #atVersion}). A join sends epoch 0 and every field; later heartbeats send
 * the subscription, rebalance timeout, assignor and owned partitions only when they changed since the last one
 * sent (all of them again after a failed heartbeat). Owned partitions go by topic id.
 *
 * <p>Three threads use it (application, heartbeat, network): each method is one step under this object's lock
 * and calls nothing outside it.
 */
final class ConsumerProtocolMember {
    private static final Logger log = LoggerFactory.getLogger(ConsumerProtocolMember.class);
    /** Epoch sent to leave the group; a static member leaving for good sends it too. */
    static final int LEAVE_EPOCH = -1;
    /** Epoch a static member sends to leave for a while, keeping its assignment until its session expires. */
    static final int STATIC_LEAVE_EPOCH = -2;

    enum Phase {
        UNSUBSCRIBED, JOINING, STABLE, FENCED, STALE, LEAVING;

        /** Whether heartbeats are sent in this phase. */
        boolean heartbeats() {
            return this == JOINING || this == STABLE;
        }
    }

    /** What the member subscribes to: topic names (client-side list or pattern matches) or a broker regex. */
    record Subscription(List<String> topicNames, String regex) {
    }

    /** An assignment by topic id, with the version it was received at (one per answer that carried one). */
    record Target(long version, Map<UUID, SortedSet<Integer>> partitions) {
    }

    /** A heartbeat to send: its body and the join it belongs to (answers of an earlier join are ignored). */
    record Heartbeat(Message body, long join) {
    }

    private final String groupId;
    private final String groupInstanceId;

    // Guarded by this.
    private String memberId = newMemberId();
    private Phase phase = Phase.UNSUBSCRIBED;
    private int epoch;
    private long join;
    private Subscription subscription = new Subscription(List.of(), null);
    private Target target;
    private long targetVersions;
    private Map<UUID, SortedSet<Integer>> owned = Map.of();
    private boolean ackPending;
    /** When the target being reconciled arrived (ms), or -1 while the owned partitions are the target's. */
    private long rebalanceSinceMs = -1;
    private ClientException fatal;
    private int heartbeatIntervalMs = -1;
    // The fields last sent; null means "send again".
    private Integer sentRebalanceTimeoutMs;
    private Subscription sentSubscription;
    private String sentAssignor;
    private Map<UUID, SortedSet<Integer>> sentOwned;

    /**
     * @param groupId         the group, for log lines and requests
     * @param groupInstanceId the static member id, or null for a dynamic member
     */
    ConsumerProtocolMember(String groupId, String groupInstanceId) {
        this.groupId = groupId;
        this.groupInstanceId = groupInstanceId;
    }

    /** A Kafka-style id: a random UUID in URL-safe base64 without padding, as kafka-clients' Uuid prints. */
    private static String newMemberId() {
        UUID u = UUID.randomUUID();
        ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    synchronized String memberId() {
        return memberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    synchronized Phase phase() {
        return phase;
    }

    synchronized int epoch() {
        return epoch;
    }

    /** The member a commit or OffsetFetch speaks for. */
    synchronized OffsetCommitter.Member committer() {
        return new OffsetCommitter.Member(epoch, memberId, groupInstanceId, true);
    }

    /** The interval the broker asked for, or -1 before its first answer. */
    synchronized int heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    /** The application's subscription; a join starts when unsubscribed. */
    synchronized void subscribe(Subscription now) {
        subscription = now;
        if (phase == Phase.UNSUBSCRIBED) {
            startJoin();
        }
    }

    private void startJoin() {
        phase = Phase.JOINING;
        epoch = 0;
        join++;
        target = null;
        owned = Map.of();
        ackPending = false;
        rebalanceSinceMs = -1;
        forgetSentFields();
    }

    /** After a failed heartbeat the next one carries every field again, as kafka-clients does. */
    synchronized void forgetSentFields() {
        sentRebalanceTimeoutMs = null;
        sentSubscription = null;
        sentAssignor = null;
        sentOwned = null;
    }

    /**
     * Whether a heartbeat should go now whatever the interval: a join, an assignment to acknowledge, or a
     * subscription the broker has not heard yet (so it assigns the new topics at once).
     */
    synchronized boolean urgent() {
        return (phase == Phase.JOINING && sentSubscription == null) || ackPending
                || (phase == Phase.STABLE && !subscription.equals(sentSubscription));
    }

    /**
     * The next heartbeat's body, with unchanged fields left null; null when this phase sends none.
     *
     * @param rebalanceTimeoutMs max.poll.interval.ms
     * @param assignor           group.remote.assignor, or null for the broker's default
     * @param rack               client.rack, or null
     */
    synchronized Heartbeat nextHeartbeat(String group, int rebalanceTimeoutMs, String assignor, String rack) {
        if (!phase.heartbeats()) {
            return null;
        }
        boolean all = phase == Phase.JOINING && epoch == 0;
        Message m = ConsumerGroupHeartbeatRequest.SCHEMA.newMessage()
                .set(ConsumerGroupHeartbeatRequest.GROUP_ID, group)
                .set(ConsumerGroupHeartbeatRequest.MEMBER_ID, memberId)
                .set(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH, epoch)
                .set(ConsumerGroupHeartbeatRequest.INSTANCE_ID, groupInstanceId);
        if (all) {
            forgetSentFields();
            m.set(ConsumerGroupHeartbeatRequest.RACK_ID, rack);
        }
        if (!Objects.equals(sentRebalanceTimeoutMs, rebalanceTimeoutMs)) {
            m.set(ConsumerGroupHeartbeatRequest.REBALANCE_TIMEOUT_MS, rebalanceTimeoutMs);
            sentRebalanceTimeoutMs = rebalanceTimeoutMs;
        }
        if (!subscription.equals(sentSubscription)) {
            if (subscription.regex() != null) {
                m.set(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_REGEX, subscription.regex());
            } else {
                m.set(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES, subscription.topicNames());
            }
            sentSubscription = subscription;
        }
        if (assignor != null && !assignor.equals(sentAssignor)) {
            m.set(ConsumerGroupHeartbeatRequest.SERVER_ASSIGNOR, assignor);
            sentAssignor = assignor;
        }
        if (!owned.equals(sentOwned)) {
            m.set(ConsumerGroupHeartbeatRequest.TOPIC_PARTITIONS, topicPartitions(owned));
            sentOwned = owned;
        }
        ackPending = false;
        return new Heartbeat(m, join);
    }

    /**
     * A heartbeat body as the negotiated ConsumerGroupHeartbeat version carries it. v1 (Kafka 4.0+) added the
     * broker-side regex (SubscribedTopicRegex) and made the member id the client's; v0 has the same fields
     * otherwise, and the broker may answer with an id of its own, which {@link #answered} adopts. A regex cannot
     * be sent at v0: refused, naming what to do instead.
     *
     * @throws UnsupportedVersionException at v0 with a regex subscription
     */
    static Message atVersion(Message body, short version, String group) {
        if (version >= 1) {
            return body;
        }
        String regex = body.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_REGEX);
        if (regex != null) {
            throw new UnsupportedVersionException("Group " + group + ": subscribe(SubscriptionPattern \"" + regex
                    + "\") needs ConsumerGroupHeartbeat v1 (Apache Kafka 4.0 or later), which resolves the regex on the"
                    + " broker, but the broker offers only v0; subscribe with a java.util.regex.Pattern (matched by the"
                    + " consumer) or a list of topics instead");
        }
        return body;
    }

    private static List<Message> topicPartitions(Map<UUID, SortedSet<Integer>> partitions) {
        List<Message> out = new ArrayList<>();
        partitions.forEach((id, ps) -> out.add(Message.of(ConsumerGroupHeartbeatRequest.TopicPartitions.SCHEMA)
                .set(ConsumerGroupHeartbeatRequest.TopicPartitions.TOPIC_ID, id)
                .set(ConsumerGroupHeartbeatRequest.TopicPartitions.PARTITIONS, List.copyOf(ps))));
        return out;
    }

    /** Whether an answer to a heartbeat of {@code sentJoin} still counts. */
    synchronized boolean isCurrent(long sentJoin) {
        return sentJoin == join && phase.heartbeats();
    }

    /**
     * A successful answer: the epoch and interval, and the new target when the answer carried one. A target that
     * differs from the owned partitions starts a rebalance at {@code nowMs}, as kafka-clients' member enters
     * RECONCILING; one arriving while another is still being reconciled keeps the earlier start.
     *
     * @return whether a new target arrived
     */
    synchronized boolean answered(long sentJoin, String answeredMemberId, int newEpoch, int intervalMs,
                                  Map<UUID, SortedSet<Integer>> assignment, long nowMs) {
        if (!isCurrent(sentJoin)) {
            return false;
        }
        if (answeredMemberId != null && !answeredMemberId.isEmpty() && !answeredMemberId.equals(memberId)) {
            // ConsumerGroupHeartbeat v0: the coordinator may give the member an id of its own.
            log.info("Group {}: the coordinator named member {} {}", groupId, memberId, answeredMemberId);
            memberId = answeredMemberId;
        }
        if (phase == Phase.JOINING) {
            log.info("Group {}: member {} joined at epoch {}", groupId, memberId, newEpoch);
        }
        phase = Phase.STABLE;
        epoch = newEpoch;
        heartbeatIntervalMs = intervalMs;
        if (assignment == null) {
            return false;
        }
        target = new Target(++targetVersions, Map.copyOf(new TreeMap<>(assignment)));
        if (rebalanceSinceMs < 0 && !target.partitions().equals(owned)) {
            rebalanceSinceMs = nowMs;
        }
        return true;
    }

    /** The newest target, or null before the broker sent one. */
    synchronized Target target() {
        return target;
    }

    /**
     * The partitions now owned after reconciling a target; the next heartbeat acknowledges them at once.
     *
     * @return when the rebalance this completes began (ms), or -1 if none did: none was under way, or part of the
     *         target is not owned yet (topic ids not resolved)
     */
    synchronized long reconciled(Map<UUID, SortedSet<Integer>> nowOwned) {
        if (!phase.heartbeats()) {
            return -1;
        }
        Map<UUID, SortedSet<Integer>> copy = Map.copyOf(new TreeMap<>(nowOwned));
        if (!copy.equals(owned)) {
            owned = copy;
            ackPending = true;
        }
        long since = rebalanceSinceMs;
        if (since < 0 || target == null || !target.partitions().equals(owned)) {
            return -1;
        }
        rebalanceSinceMs = -1;
        return since;
    }

    /** Whether a target differing from the owned partitions is being reconciled: a rebalance is under way. */
    synchronized boolean rebalancing() {
        return rebalanceSinceMs >= 0;
    }

    /** FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID: the partitions are lost and the member rejoins at epoch 0. */
    synchronized void fenced(long sentJoin, String why) {
        if (isCurrent(sentJoin)) {
            log.info("Group {}: member {} fenced at epoch {} ({}); its partitions are lost and it rejoins", groupId,
                    memberId, epoch, why);
            phase = Phase.FENCED;
        }
    }

    /** max.poll.interval.ms passed without a poll: the member left; the next poll reports the partitions lost. */
    synchronized int staleAfterPollTimeout() {
        int had = epoch;
        phase = Phase.STALE;
        return had;
    }

    /** A fenced or stale member, its partitions reported lost, joins again at epoch 0. */
    synchronized void rejoin() {
        if (phase == Phase.FENCED || phase == Phase.STALE) {
            startJoin();
        }
    }

    /** The member starts leaving: no more heartbeats but the leave one. */
    synchronized void leaving() {
        phase = Phase.LEAVING;
        owned = Map.of();
        target = null;
        rebalanceSinceMs = -1;
    }

    /** The leave heartbeat was answered (or the wait ended): a later subscribe joins again. */
    synchronized void left() {
        phase = Phase.UNSUBSCRIBED;
        epoch = 0;
        join++;
    }

    /** An error no retry fixes: the next poll throws it and the member stops heartbeating. */
    synchronized void fatal(long sentJoin, ClientException error) {
        if (isCurrent(sentJoin)) {
            fatal = error;
            phase = Phase.UNSUBSCRIBED;
            join++;
        }
    }

    /** The fatal error, once. */
    synchronized ClientException takeFatal() {
        ClientException e = fatal;
        fatal = null;
        return e;
    }
}
