package io.petrel.consumer.internal;

import io.petrel.client.Node;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.ClusterMetadata;
import io.petrel.client.internal.NodeEndpoints;
import io.petrel.consumer.IsolationLevel;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.ThrottleTime;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends Fetch requests, one in flight per broker, and buffers what they return in the partitions'
 * {@link PartitionState}s for the application thread.
 *
 * <p><b>Pipelining.</b> A partition is fetched again as soon as fewer than max.poll.records of its
 * records are buffered, or only the response being read is, from where its buffered data ends (not
 * from the application's position), so the next response is on its way while the application decodes
 * and processes the last one. {@link #sendFetches}
 * runs on the application thread inside poll and on the network thread right after each response, so
 * a small or empty response is followed by the next fetch at once without waiting for a poll. The network thread
 * never waits for the state lock to hand a response over: when the application thread holds it, the response is
 * applied (and the next fetch sent) by that thread as it releases the lock ({@link HandOverLock}).
 *
 * <p><b>Sessions.</b> Each broker has a {@link FetchSessionHandler}: the first fetch is full and opens an
 * incremental fetch session (KIP-227); later ones name only the partitions added or altered since and forget
 * those not fetched this time, and the broker answers only partitions with records or changed metadata. A
 * session error makes the next fetch full; {@link #close} closes the sessions.
 *
 * <p><b>Requests.</b> Fetch v13+ naming topics by id (ids come
 * from the metadata; the version is the highest both sides speak), the partition's leader epoch from the
 * metadata for fencing, and isolation.level as 0 or 1. A partition whose leader or leader epoch changed in the
 * metadata is not fetched until {@link PositionValidator} validated its position (KIP-320). With read_committed the broker returns data up to the
 * last stable offset and the transactions aborted in it, which each partition's {@link CompletedFetch} uses
 * to drop their batches (lag is then counted to the last stable offset, as kafka-clients does). Errors: NOT_LEADER_OR_FOLLOWER, unknown topic or
 * partition, leader epoch mismatches and topic id mismatches ask for a metadata update and retry after
 * retry.backoff.ms against whichever broker the metadata then names, unless the broker named a newer leader
 * (KIP-951, Fetch v12+), which the metadata then takes at once; a diverging epoch (Fetch v12+) is a
 * truncation check's answer; OFFSET_OUT_OF_RANGE and
 * TOPIC_AUTHORIZATION_FAILED are buffered as errors for the application thread, which resets by
 * auto.offset.reset in order with the data, or throws a TopicAuthorizationException from poll.
 */
final class Fetcher {
    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
    private static final int FIRST_TOPIC_ID_VERSION = 13;
    private static final Set<ErrorCode> SESSION_ERRORS = Set.of(ErrorCode.FETCH_SESSION_ID_NOT_FOUND,
            ErrorCode.INVALID_FETCH_SESSION_EPOCH, ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR);
    private static final Runnable NOTHING_TO_SEND = () -> { };

    private final ClientNetwork network;
    private final SubscriptionState subscriptions;
    private final ConsumerSignal signal;
    private final ConsumerMetrics metrics;
    private final Time time;
    private final ConsumerSettings settings;
    private final PositionValidator validator;
    private final long backoffNanos;
    private final boolean readCommitted;
    /** Nodes with a fetch in flight; guarded by the subscription lock. */
    private final Set<Integer> nodesInFlight = new HashSet<>();
    /** Each broker's fetch session. */
    private final Map<Integer, FetchSessionHandler> sessions = new ConcurrentHashMap<>();
    /** Per broker, the last fetch sent, done once its answer was taken in (or it failed). */
    private final Map<Integer, CompletableFuture<?>> lastFetches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Fetcher(ClientNetwork network, SubscriptionState subscriptions, ConsumerSignal signal, ConsumerMetrics metrics,
            Time time, ConsumerSettings settings, PositionValidator validator) {
        this.network = network;
        this.validator = validator;
        this.subscriptions = subscriptions;
        this.signal = signal;
        this.metrics = metrics;
        this.time = time;
        this.settings = settings;
        this.backoffNanos = TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs());
        this.readCommitted = settings.isolationLevel() == IsolationLevel.READ_COMMITTED;
    }

    /** One partition of a request: where it was fetched from, under which generation. */
    private record Target(PartitionState state, int generation, long offset, int leaderEpoch) {
    }

    /** Sends a fetch to every broker with none in flight that leads partitions needing data. */
    void sendFetches() {
        Runnable send;
        subscriptions.lock();
        try {
            send = planFetches();
        } finally {
            subscriptions.unlock();
        }
        send.run();
    }

    /**
     * Under the state lock: picks the partitions to fetch now and marks them in flight; returns what sends them,
     * to run once the lock is released (requests are never built or queued under it).
     */
    private Runnable planFetches() {
        if (closed) {
            return NOTHING_TO_SEND;
        }
        Map<Integer, List<Target>> byNode = new LinkedHashMap<>();
        Set<String> unknownLeaders = new HashSet<>();
        long now = time.nanoseconds();
        ClusterMetadata metadata = network.metadata();
        boolean validationNeeded = false;
        for (PartitionState s : subscriptions.states()) {
            Optional<CurrentLeader> leader = CurrentLeader.of(metadata, s.tp);
            boolean wasAwaiting = s.phase == PartitionState.Phase.AWAIT_VALIDATION;
            if (leader.isPresent() && s.leaderSeen(leader.get().node().id(), leader.get().epoch())) {
                // A leader change: poll validates the position before it is fetched again (woken once).
                validationNeeded |= !wasAwaiting;
                continue;
            }
            if (!needsFetch(s, now)) {
                continue;
            }
            if (leader.isEmpty()) {
                unknownLeaders.add(s.tp.topic());
                continue;
            }
            int node = leader.get().node().id();
            if (!nodesInFlight.contains(node)) {
                byNode.computeIfAbsent(node, n -> new ArrayList<>())
                        .add(new Target(s, s.generation, s.fetchOffset, leader.get().epoch()));
            }
        }
        byNode.forEach((node, targets) -> {
            nodesInFlight.add(node);
            targets.forEach(t -> t.state().fetchInFlight = true);
        });
        if (byNode.isEmpty() && unknownLeaders.isEmpty() && !validationNeeded) {
            return NOTHING_TO_SEND; // most poll passes: no garbage for them
        }
        boolean wakePoll = validationNeeded;
        return () -> {
            if (wakePoll) {
                signal.signal(); // poll sends the OffsetForLeaderEpoch requests
            }
            if (!unknownLeaders.isEmpty()) {
                // A lookup that fails for good (authentication refused) wakes poll, which then throws it.
                unknownLeaders.forEach(t -> metadata.awaitTopic(t).whenComplete((r, e) -> signal.signal()));
                metadata.requestUpdate(unknownLeaders.toArray(String[]::new));
            }
            byNode.forEach(this::send);
        };
    }

    private boolean needsFetch(PartitionState s, long now) {
        if (!s.isFetchable() || s.fetchInFlight || now - s.backoffUntilNanos < 0 || !wantsMoreData(s)) {
            return false;
        }
        CompletedFetch last = s.buffered.peekLast();
        return last == null || last.error == null;
    }

    /**
     * Whether less is buffered than the application may need before the next response could arrive: less
     * than one poll's worth of records, or only the response it is reading now (so the next one travels
     * while that one is decoded, and at most two responses per partition are held).
     */
    private boolean wantsMoreData(PartitionState s) {
        return s.bufferedRecords < settings.maxPollRecords() || s.buffered.size() < 2;
    }

    private void send(int node, List<Target> targets) {
        long sentNanos = time.nanoseconds();
        FetchSessionHandler session = sessions.computeIfAbsent(node, FetchSessionHandler::new);
        AtomicReference<FetchSessionHandler.SessionRequest> sent = new AtomicReference<>();
        Map<UUID, String> namesById = new HashMap<>();
        Duration timeout = Duration.ofMillis((long) settings.requestTimeoutMs() + settings.fetchMaxWaitMs());
        CompletableFuture<?> handled = network.send(node, ApiKey.FETCH, version -> {
            FetchSessionHandler.SessionRequest request = session.build(wanted(version, targets, namesById), version);
            sent.set(request);
            return request(request);
        }, timeout).whenComplete((response, error) -> {
            if (error != null) {
                session.handleError();
                onFailure(node, targets, error);
            } else {
                metrics.fetchCompleted(node, time.nanoseconds() - sentNanos, ThrottleTime.of(response.body()));
                try {
                    onResponse(node, targets, response, namesById, session, sent.get());
                } catch (RuntimeException | LinkageError e) {
                    // Left to the future it would vanish, and the node stay in flight: never fetched from again. A
                    // LinkageError (a class missing or changed: modules of different Petrel versions on one class
                    // path) is no less a reason to say so than a bad response.
                    log.error("Could not take in the fetch response of node {}; fetching again after "
                            + "retry.backoff.ms", node, e);
                    session.handleError();
                    onFailure(node, targets, e);
                }
            }
        });
        lastFetches.put(node, handled);
    }

    /**
     * The partitions of {@code targets} that can be named at {@code version}: from v13 a topic goes by its id, and a
     * topic whose id the metadata lacks yet is left out (its partitions come back unanswered and are retried once
     * the metadata has it).
     */
    private List<FetchSessionHandler.PartitionFetch> wanted(short version, List<Target> targets,
                                                            Map<UUID, String> namesById) {
        boolean byId = version >= FIRST_TOPIC_ID_VERSION;
        List<FetchSessionHandler.PartitionFetch> wanted = new ArrayList<>(targets.size());
        Map<String, Optional<UUID>> ids = new HashMap<>();
        for (Target t : targets) {
            String topic = t.state().tp.topic();
            UUID id = null;
            if (byId) {
                Optional<UUID> known = ids.computeIfAbsent(topic, k -> network.metadata().topicId(k));
                if (known.isEmpty()) {
                    network.metadata().requestUpdate(topic);
                    continue;
                }
                id = known.get();
                namesById.put(id, topic);
            }
            wanted.add(new FetchSessionHandler.PartitionFetch(t.state().tp, id, t.offset(), t.leaderEpoch(),
                    settings.maxPartitionFetchBytes()));
        }
        return wanted;
    }

    /** The Fetch request body of a session request: its partitions grouped by topic, and those it forgets. */
    private Message request(FetchSessionHandler.SessionRequest request) {
        return FetchRequest.SCHEMA.newMessage()
                .set(FetchRequest.MAX_WAIT_MS, settings.fetchMaxWaitMs())
                .set(FetchRequest.MIN_BYTES, settings.fetchMinBytes())
                .set(FetchRequest.MAX_BYTES, settings.fetchMaxBytes())
                .set(FetchRequest.ISOLATION_LEVEL, settings.isolationLevel().wireValue())
                .set(FetchRequest.SESSION_ID, request.sessionId())
                .set(FetchRequest.SESSION_EPOCH, request.epoch())
                .set(FetchRequest.TOPICS, topics(request.toSend(), request.byId()))
                .set(FetchRequest.FORGOTTEN_TOPICS_DATA, forgotten(request.forgotten(), request.byId()))
                .set(FetchRequest.RACK_ID, settings.clientRack());
    }

    private static List<Message> topics(List<FetchSessionHandler.PartitionFetch> partitions, boolean byId) {
        Map<String, Message> byTopic = new LinkedHashMap<>();
        for (FetchSessionHandler.PartitionFetch p : partitions) {
            Message topic = byTopic.computeIfAbsent(p.tp().topic(), name -> {
                Message m = Message.of(FetchRequest.FetchTopic.SCHEMA)
                        .set(FetchRequest.FetchTopic.PARTITIONS, new ArrayList<>());
                return byId ? m.set(FetchRequest.FetchTopic.TOPIC_ID, p.topicId())
                        : m.set(FetchRequest.FetchTopic.TOPIC, name);
            });
            topic.get(FetchRequest.FetchTopic.PARTITIONS).add(Message.of(FetchRequest.FetchPartition.SCHEMA)
                    .set(FetchRequest.FetchPartition.PARTITION, p.tp().partition())
                    .set(FetchRequest.FetchPartition.CURRENT_LEADER_EPOCH, p.leaderEpoch())
                    .set(FetchRequest.FetchPartition.FETCH_OFFSET, p.fetchOffset())
                    .set(FetchRequest.FetchPartition.PARTITION_MAX_BYTES, p.maxBytes()));
        }
        return new ArrayList<>(byTopic.values());
    }

    private static List<Message> forgotten(List<FetchSessionHandler.PartitionFetch> partitions, boolean byId) {
        Map<Object, Message> byTopic = new LinkedHashMap<>();
        for (FetchSessionHandler.PartitionFetch p : partitions) {
            Object key = byId ? p.topicId() : p.tp().topic();
            byTopic.computeIfAbsent(key, k -> {
                Message m = Message.of(FetchRequest.ForgottenTopic.SCHEMA)
                        .set(FetchRequest.ForgottenTopic.PARTITIONS, new ArrayList<>());
                return byId ? m.set(FetchRequest.ForgottenTopic.TOPIC_ID, p.topicId())
                        : m.set(FetchRequest.ForgottenTopic.TOPIC, p.tp().topic());
            }).get(FetchRequest.ForgottenTopic.PARTITIONS).add(p.tp().partition());
        }
        return new ArrayList<>(byTopic.values());
    }

    /**
     * One partition's answer, read off the response before taking the lock; {@code currentLeader} and
     * {@code divergingEpoch} are the v12+ tagged structs (defaults, -1, when absent).
     */
    private record PartitionResult(ErrorCode error, long highWatermark, long lastStableOffset, long logStartOffset,
                                   List<Message> abortedTransactions, ByteBuffer records, Message currentLeader,
                                   Message divergingEpoch) {
    }

    private void onResponse(int node, List<Target> targets, ClientNetwork.Response response, Map<UUID, String> namesById,
                            FetchSessionHandler session, FetchSessionHandler.SessionRequest sent) {
        Message body = response.body();
        Map<TopicPartition, PartitionResult> results = new HashMap<>();
        Map<Integer, Node> endpoints = NodeEndpoints.byId(body.get(FetchResponse.NODE_ENDPOINTS),
                FetchResponse.NodeEndpoint.NODE_ID, FetchResponse.NodeEndpoint.HOST, FetchResponse.NodeEndpoint.PORT,
                FetchResponse.NodeEndpoint.RACK);
        ErrorCode topError = ErrorCode.forCode(body.get(FetchResponse.ERROR_CODE));
        for (Message topic : body.get(FetchResponse.RESPONSES)) {
            String name = response.version() >= FIRST_TOPIC_ID_VERSION
                    ? namesById.get(topic.get(FetchResponse.FetchableTopicResponse.TOPIC_ID))
                    : topic.get(FetchResponse.FetchableTopicResponse.TOPIC);
            if (name == null) {
                continue;
            }
            for (Message p : topic.get(FetchResponse.FetchableTopicResponse.PARTITIONS)) {
                results.put(new TopicPartition(name, p.get(FetchResponse.PartitionData.PARTITION_INDEX)),
                        new PartitionResult(ErrorCode.forCode(p.get(FetchResponse.PartitionData.ERROR_CODE)),
                                p.get(FetchResponse.PartitionData.HIGH_WATERMARK),
                                p.get(FetchResponse.PartitionData.LAST_STABLE_OFFSET),
                                p.get(FetchResponse.PartitionData.LOG_START_OFFSET),
                                p.get(FetchResponse.PartitionData.ABORTED_TRANSACTIONS),
                                p.get(FetchResponse.PartitionData.RECORDS),
                                p.get(FetchResponse.PartitionData.CURRENT_LEADER),
                                p.get(FetchResponse.PartitionData.DIVERGING_EPOCH)));
            }
        }
        if (!session.handleResponse(sent, topError, body.get(FetchResponse.SESSION_ID), results.keySet())
                && (topError == ErrorCode.NONE || SESSION_ERRORS.contains(topError))) {
            if (topError == ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR) {
                network.metadata().requestUpdate();
            }
            onSessionError(node, targets, sent.full());
            return;
        }
        // Any other error at the top (a broker failing the whole fetch) is each partition's error below.
        // By identity: the targets are this request's own objects, and a record's hashCode (every component's, through
        // an invokedynamic bootstrap) showed in the I/O thread's profile for nothing.
        Map<Target, CompletedFetch> fetched = new IdentityHashMap<>();
        List<Target> withData = new ArrayList<>(targets.size());
        for (Target t : targets) {
            PartitionResult r = results.get(t.state().tp);
            if (r != null && r.error() == ErrorCode.NONE && r.records() != null && r.records().hasRemaining()) {
                withData.add(t);
            }
        }
        // The frame goes back to the connection once each of these fetches was read to its end (none dropped).
        SharedFrame frame = withData.isEmpty() ? null : new SharedFrame(response.frame(), withData.size());
        for (Target t : withData) {
            PartitionResult r = results.get(t.state().tp);
            fetched.put(t, CompletedFetch.of(t.state().tp, t.generation(), t.offset(), r.records(),
                    settings.checkCrcs(), readCommitted ? AbortedTransactions.of(r.abortedTransactions()) : null,
                    frame));
        }
        // Applied under the state lock, now if it is free, else by the thread holding it as it lets go (usually the
        // polling thread, which then finds the records on its next pass): this thread never waits for the poll.
        subscriptions.runOrHandOver(() -> {
            Set<String> stale = new HashSet<>();
            long now = time.nanoseconds();
            nodesInFlight.remove(node);
            for (Target t : targets) {
                PartitionState s = t.state();
                if (s.generation != t.generation() || subscriptions.state(s.tp) != s) {
                    continue;
                }
                s.fetchInFlight = false;
                PartitionResult r = results.get(s.tp);
                ErrorCode error = r != null ? r.error() : topError;
                if (r == null && error == ErrorCode.NONE) {
                    continue;
                }
                if (error == ErrorCode.NONE && isDiverging(r)) {
                    onDivergingEpoch(s, t, r.divergingEpoch());
                } else if (error == ErrorCode.NONE) {
                    s.highWatermark = r.highWatermark();
                    s.lastStableOffset = r.lastStableOffset();
                    s.logStartOffset = r.logStartOffset();
                    s.lagEnd = readCommitted ? s.lastStableOffset : s.highWatermark;
                    s.recordLag(metrics);
                    CompletedFetch f = fetched.get(t);
                    if (f != null && f.hasData()) {
                        s.buffered.add(f);
                        s.bufferedRecords += f.recordCount;
                        s.fetchOffset = f.nextFetchOffset;
                    }
                } else if (error == ErrorCode.OFFSET_OUT_OF_RANGE || error == ErrorCode.TOPIC_AUTHORIZATION_FAILED) {
                    s.buffered.add(CompletedFetch.error(s.tp, t.generation(), t.offset(), error));
                } else if (r != null && followLeaderHint(s, error, r.currentLeader(), endpoints)) {
                    log.debug("Fetch of {} failed with {}; the broker named the new leader", s.tp, error);
                } else {
                    handlePartitionError(s, error, now, stale);
                }
            }
            // The next fetch is planned in the same critical section and sent right after it, before the poll is
            // woken: sent from the I/O thread it is queued on the loop without a wake-up and is on the wire before
            // the woken application thread could get to it.
            Runnable sendNext = planFetches();
            return () -> {
                if (!stale.isEmpty()) {
                    network.metadata().requestUpdate(stale.toArray(String[]::new));
                }
                sendNext.run();
                signal.signal();
            };
        });
    }

    /**
     * The broker refused the fetch session: nothing in the response is read and the next fetch is full, at once
     * after an incremental fetch, after retry.backoff.ms after a full one (so a broker refusing those is not
     * hammered).
     */
    private void onSessionError(int node, List<Target> targets, boolean wasFull) {
        long now = time.nanoseconds();
        subscriptions.lock();
        try {
            nodesInFlight.remove(node);
            for (Target t : targets) {
                PartitionState s = t.state();
                if (s.generation == t.generation() && subscriptions.state(s.tp) == s) {
                    s.fetchInFlight = false;
                    if (wasFull) {
                        s.backoffUntilNanos = now + backoffNanos;
                    }
                }
            }
        } finally {
            subscriptions.unlock();
        }
        signal.signal();
        sendFetches();
    }

    private static boolean isDiverging(PartitionResult r) {
        Message diverging = r.divergingEpoch();
        return diverging != null && diverging.get(FetchResponse.EpochEndOffset.EPOCH) >= 0
                && diverging.get(FetchResponse.EpochEndOffset.END_OFFSET) >= 0;
    }

    /**
     * The broker says the log diverged from what was fetched (Fetch v12+): the epoch ends at the given offset on the
     * leader. Data buffered past it is dropped; below the position it is a truncation, handled as a validation
     * that found one (the divergent offset with a reset policy, else a LogTruncationException from poll).
     */
    private void onDivergingEpoch(PartitionState s, Target t, Message diverging) {
        long endOffset = diverging.get(FetchResponse.EpochEndOffset.END_OFFSET);
        int epoch = diverging.get(FetchResponse.EpochEndOffset.EPOCH);
        log.info("Fetch of {} at offset {}: the leader's log diverges, epoch {} ends at offset {}", s.tp, t.offset(),
                epoch, endOffset);
        s.fetchOffset = s.position;
        s.clearBuffer();
        LogTruncation truncation = s.completeValidation(endOffset, epoch, subscriptions.defaultReset());
        if (truncation != null && truncation.resolution() == null) {
            validator.report(truncation);
        } else if (truncation != null) {
            log.info("Truncation detected: {}; auto.offset.reset={} moves the position on", truncation.describe(),
                    truncation.resolution().configValue());
        }
    }

    /**
     * KIP-951: with NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH the broker may name the current leader; when that is
     * newer than the metadata's, the metadata takes it at once and no refresh or backoff is needed. The partition's
     * next look at the metadata sees the new leader and validates its position before fetching there.
     */
    private boolean followLeaderHint(PartitionState s, ErrorCode error, Message leader, Map<Integer, Node> endpoints) {
        if (leader == null || (error != ErrorCode.NOT_LEADER_OR_FOLLOWER && error != ErrorCode.FENCED_LEADER_EPOCH)) {
            return false;
        }
        int id = leader.get(FetchResponse.LeaderIdAndEpoch.LEADER_ID);
        int epoch = leader.get(FetchResponse.LeaderIdAndEpoch.LEADER_EPOCH);
        return id >= 0 && epoch >= 0 && network.metadata().updateLeader(s.tp, id, epoch, endpoints);
    }

    private void handlePartitionError(PartitionState s, ErrorCode error, long now, Set<String> stale) {
        s.backoffUntilNanos = now + backoffNanos;
        switch (error) {
            case NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH,
                 UNKNOWN_TOPIC_ID, INCONSISTENT_TOPIC_ID, KAFKA_STORAGE_ERROR, OFFSET_NOT_AVAILABLE,
                 LEADER_NOT_AVAILABLE, REPLICA_NOT_AVAILABLE -> {
                log.debug("Fetch of {} failed with {}; refreshing metadata", s.tp, error);
                stale.add(s.tp.topic());
            }
            default -> log.warn("Fetch of {} at offset {} failed with {}: {}; retrying", s.tp, s.fetchOffset, error,
                    error.message());
        }
    }

    private void onFailure(int node, List<Target> targets, Throwable error) {
        long now = time.nanoseconds();
        subscriptions.lock();
        try {
            nodesInFlight.remove(node);
            for (Target t : targets) {
                if (t.state().generation == t.generation()) {
                    t.state().fetchInFlight = false;
                    t.state().backoffUntilNanos = now + backoffNanos;
                }
            }
        } finally {
            subscriptions.unlock();
        }
        if (!closed) {
            log.debug("Fetch from node {} failed: {}", node, error.toString());
            network.metadata().requestUpdate();
        }
        signal.signal();
    }

    /**
     * Stops fetching and closes every broker's fetch session (a fetch with epoch -1 and no partitions), as
     * kafka-clients does on close. A full fetch in flight may open a session on the broker after this: its answer is
     * awaited and the session it names closed too (kafka-clients leaves that one to the broker's eviction, where it
     * holds one of the cache's slots).
     *
     * @return completes once every close was answered or failed
     */
    CompletableFuture<Void> close() {
        closed = true;
        List<CompletableFuture<?>> closing = new ArrayList<>();
        sessions.forEach((node, session) -> {
            boolean inFlightMayOpen = session.opensASession();
            closing.add(sendClose(node, session.close()));
            CompletableFuture<?> inFlight = lastFetches.get(node);
            if (inFlightMayOpen && inFlight != null && !inFlight.isDone()) {
                closing.add(inFlight.handle((response, error) -> null)
                        .thenCompose(answered -> sendClose(node, session.closeRequest())));
            }
        });
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> sendClose(int node, FetchSessionHandler.SessionRequest close) {
        if (close == null) {
            return CompletableFuture.completedFuture(null);
        }
        return network.send(node, ApiKey.FETCH, version -> request(close), Duration.ofMillis(settings.requestTimeoutMs()))
                .handle((response, error) -> {
                    if (error != null) {
                        log.debug("Closing the fetch session {} of node {} failed: {}", close.sessionId(), node,
                                error.toString());
                    }
                    return null;
                });
    }
}
