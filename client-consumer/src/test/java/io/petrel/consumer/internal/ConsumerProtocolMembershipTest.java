package io.petrel.consumer.internal;

import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.compression.CompressionType;
import io.petrel.consumer.CommitFailedException;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.consumer.SubscriptionPattern;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatRequest;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatResponse;
import io.petrel.protocol.schemas.FindCoordinatorResponse;
import io.petrel.protocol.schemas.OffsetCommitRequest;
import io.petrel.protocol.schemas.OffsetCommitResponse;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import io.petrel.serializers.StringDeserializer;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer group protocol (KIP-848) member against a scripted coordinator, on a clock the test moves: the
 * join at epoch 0 with a client-made member id, heartbeats carrying only changed fields at the broker's
 * interval, reconciliation (revoke first, commit first with auto commit, then assign, then acknowledge),
 * fencing, the poll timeout, leaving with epoch -1 / -2, and commits carrying the member epoch; the rebalance
 * metrics; and a coordinator offering only ConsumerGroupHeartbeat v0 (its member id adopted, a regex refused).
 */
class ConsumerProtocolMembershipTest {
    private static final String TOPIC = "t";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final int INTERVAL_MS = 5_000;

    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);
    private final ScriptedNetwork network = ScriptedNetwork.onIoThread();
    private final PartitionLogs logs = new PartitionLogs(network);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** Errors the next heartbeat / OffsetCommit answers carry, one per request. */
    private final Queue<ErrorCode> heartbeatErrors = new ConcurrentLinkedQueue<>();
    private final Queue<ErrorCode> commitErrors = new ConcurrentLinkedQueue<>();
    /** The partitions of topic t the scripted broker wants this member to own, and the epoch it gives. */
    private volatile List<Integer> target = List.of(0, 1);
    private volatile int brokerEpoch = 1;
    private volatile List<Integer> lastSentTarget;
    /** The epoch the broker last answered with, and heartbeats that came back with an older one (fenced on Kafka). */
    private volatile int answeredEpoch;
    private final List<String> staleHeartbeats = new CopyOnWriteArrayList<>();
    private PetrelConsumer<String, String> consumer;

    @BeforeEach
    void script() {
        network.metadata().topic(TOPIC, 2, 0);
        logs.append(P0, CompressionType.NONE, 10, "a");
        logs.append(P1, CompressionType.NONE, 10, "b");
        network.handle(ApiKey.FETCH, (short) 13, logs.fetchHandler())
                .handle(ApiKey.LIST_OFFSETS, (short) 9, logs.listOffsetsHandler())
                .handle(ApiKey.FIND_COORDINATOR, (short) 4, (node, r) -> FindCoordinatorResponse.SCHEMA.newMessage()
                        .set(FindCoordinatorResponse.THROTTLE_TIME_MS, 0)
                        .set(FindCoordinatorResponse.COORDINATORS, List.of(Message.of(FindCoordinatorResponse.Coordinator.SCHEMA)
                                .set(FindCoordinatorResponse.Coordinator.KEY, "g").set(FindCoordinatorResponse.Coordinator.NODE_ID, 0)
                                .set(FindCoordinatorResponse.Coordinator.HOST, "localhost").set(FindCoordinatorResponse.Coordinator.PORT, 9000)
                                .set(FindCoordinatorResponse.Coordinator.ERROR_CODE, (short) 0)
                                .set(FindCoordinatorResponse.Coordinator.ERROR_MESSAGE, null))))
                .handle(ApiKey.CONSUMER_GROUP_HEARTBEAT, (short) 1, (node, r) -> heartbeat(r))
                .handle(ApiKey.OFFSET_COMMIT, (short) 9, (node, r) -> commit(r))
                .handle(ApiKey.OFFSET_FETCH, (short) 9, (node, r) -> offsetFetch(r));
    }

    private void start(Map<String, Object> extra) {
        Map<String, Object> configs = new HashMap<>(Map.of("bootstrap.servers", "localhost:9092", "group.id", "g",
                "group.protocol", "consumer", "auto.offset.reset", "earliest", "enable.auto.commit", false,
                "retry.backoff.ms", 0));
        configs.putAll(extra);
        consumer = PetrelConsumer.create(configs, new StringDeserializer(), new StringDeserializer(), time, network);
        consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                events.add("revoked " + sorted(partitions));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                events.add("assigned " + sorted(partitions));
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                events.add("lost " + sorted(partitions));
            }
        });
    }

    private static List<Integer> sorted(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }

    @AfterEach
    void close() {
        if (consumer != null) {
            consumer.close(Duration.ZERO);
        }
        network.close();
        assertEquals(List.of(), staleHeartbeats, "no heartbeat may carry an epoch older than the last one answered");
    }

    // ---- the scripted coordinator ----

    private UUID topicId() {
        return network.metadata().topicId(TOPIC).orElseThrow();
    }

    private Message heartbeat(Message request) {
        ErrorCode error = heartbeatErrors.poll();
        Message response = ConsumerGroupHeartbeatResponse.SCHEMA.newMessage()
                .set(ConsumerGroupHeartbeatResponse.THROTTLE_TIME_MS, 0)
                .set(ConsumerGroupHeartbeatResponse.HEARTBEAT_INTERVAL_MS, INTERVAL_MS)
                .set(ConsumerGroupHeartbeatResponse.MEMBER_ID, request.get(ConsumerGroupHeartbeatRequest.MEMBER_ID));
        int epoch = request.get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH);
        if (epoch > 0 && epoch < answeredEpoch) {
            staleHeartbeats.add("epoch " + epoch + " after the broker answered " + answeredEpoch);
        }
        if (error != null) {
            return response.set(ConsumerGroupHeartbeatResponse.ERROR_CODE, error.code())
                    .set(ConsumerGroupHeartbeatResponse.MEMBER_EPOCH, -1);
        }
        if (epoch < 0) {
            return response.set(ConsumerGroupHeartbeatResponse.ERROR_CODE, (short) 0)
                    .set(ConsumerGroupHeartbeatResponse.MEMBER_EPOCH, epoch);
        }
        List<Integer> wanted = target;
        answeredEpoch = brokerEpoch;
        response.set(ConsumerGroupHeartbeatResponse.ERROR_CODE, (short) 0)
                .set(ConsumerGroupHeartbeatResponse.MEMBER_EPOCH, brokerEpoch);
        if (epoch == 0 || !wanted.equals(lastSentTarget)) {
            lastSentTarget = wanted;
            response.set(ConsumerGroupHeartbeatResponse.ASSIGNMENT, Message.of(ConsumerGroupHeartbeatResponse.Assignment.SCHEMA)
                    .set(ConsumerGroupHeartbeatResponse.Assignment.TOPIC_PARTITIONS, List.of(
                            Message.of(ConsumerGroupHeartbeatRequest.TopicPartitions.SCHEMA)
                                    .set(ConsumerGroupHeartbeatRequest.TopicPartitions.TOPIC_ID, topicId())
                                    .set(ConsumerGroupHeartbeatRequest.TopicPartitions.PARTITIONS, wanted))));
        }
        return response;
    }

    private Message commit(Message request) {
        ErrorCode error = commitErrors.poll();
        ErrorCode code = error == null ? ErrorCode.NONE : error;
        List<Message> topics = new ArrayList<>();
        for (Message t : request.get(OffsetCommitRequest.TOPICS)) {
            String name = t.get(OffsetCommitRequest.OffsetCommitRequestTopic.NAME);
            List<Message> partitions = new ArrayList<>();
            for (Message p : t.get(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS)) {
                int index = p.get(OffsetCommitRequest.OffsetCommitRequestPartition.PARTITION_INDEX);
                long offset = p.get(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_OFFSET);
                if (code == ErrorCode.NONE) {
                    synchronized (committed) {
                        committed.put(new TopicPartition(name, index), offset);
                    }
                    events.add("committed " + index + "@" + offset);
                }
                partitions.add(Message.of(OffsetCommitResponse.OffsetCommitResponsePartition.SCHEMA)
                        .set(OffsetCommitResponse.OffsetCommitResponsePartition.PARTITION_INDEX, index)
                        .set(OffsetCommitResponse.OffsetCommitResponsePartition.ERROR_CODE, code.code()));
            }
            topics.add(Message.of(OffsetCommitResponse.OffsetCommitResponseTopic.SCHEMA)
                    .set(OffsetCommitResponse.OffsetCommitResponseTopic.NAME, name)
                    .set(OffsetCommitResponse.OffsetCommitResponseTopic.PARTITIONS, partitions));
        }
        return OffsetCommitResponse.SCHEMA.newMessage().set(OffsetCommitResponse.THROTTLE_TIME_MS, 0)
                .set(OffsetCommitResponse.TOPICS, topics);
    }

    private Message offsetFetch(Message request) {
        Message group = request.get(OffsetFetchRequest.GROUPS).get(0);
        List<Message> topics = new ArrayList<>();
        for (Message t : group.get(OffsetFetchRequest.OffsetFetchRequestGroup.TOPICS)) {
            String name = t.get(OffsetFetchRequest.OffsetFetchRequestTopics.NAME);
            List<Message> partitions = new ArrayList<>();
            for (int index : t.get(OffsetFetchRequest.OffsetFetchRequestTopics.PARTITION_INDEXES)) {
                Long offset;
                synchronized (committed) {
                    offset = committed.get(new TopicPartition(name, index));
                }
                partitions.add(Message.of(OffsetFetchResponse.OffsetFetchResponsePartitions.SCHEMA)
                        .set(OffsetFetchResponse.OffsetFetchResponsePartitions.PARTITION_INDEX, index)
                        .set(OffsetFetchResponse.OffsetFetchResponsePartitions.COMMITTED_OFFSET, offset == null ? -1L : offset)
                        .set(OffsetFetchResponse.OffsetFetchResponsePartitions.COMMITTED_LEADER_EPOCH, -1)
                        .set(OffsetFetchResponse.OffsetFetchResponsePartitions.METADATA, "")
                        .set(OffsetFetchResponse.OffsetFetchResponsePartitions.ERROR_CODE, (short) 0));
            }
            topics.add(Message.of(OffsetFetchResponse.OffsetFetchResponseTopics.SCHEMA)
                    .set(OffsetFetchResponse.OffsetFetchResponseTopics.NAME, name)
                    .set(OffsetFetchResponse.OffsetFetchResponseTopics.PARTITIONS, partitions));
        }
        return OffsetFetchResponse.SCHEMA.newMessage().set(OffsetFetchResponse.THROTTLE_TIME_MS, 0)
                .set(OffsetFetchResponse.GROUPS, List.of(Message.of(OffsetFetchResponse.OffsetFetchResponseGroup.SCHEMA)
                        .set(OffsetFetchResponse.OffsetFetchResponseGroup.GROUP_ID, "g")
                        .set(OffsetFetchResponse.OffsetFetchResponseGroup.TOPICS, topics)
                        .set(OffsetFetchResponse.OffsetFetchResponseGroup.ERROR_CODE, (short) 0)));
    }

    // ---- helpers ----

    /**
     * Polls without waiting (the clock stands still) until {@code done}, dropping the records; real time bounds
     * the loop.
     */
    private void pollUntil(String what, BooleanSupplier done) {
        Await.until(() -> what + "; events " + events + ", sent " + network.sent().stream().map(e -> e.api().name()).toList(), () -> {
            consumer.poll(Duration.ZERO);
            return done.getAsBoolean();
        });
    }

    /** Polls (the clock standing still) until poll throws; returns what it threw. */
    private RuntimeException pollUntilThrown(String what) {
        AtomicReference<RuntimeException> thrown = new AtomicReference<>();
        Await.until("poll to throw: " + what, () -> {
            try {
                consumer.poll(Duration.ZERO);
                return false;
            } catch (RuntimeException e) {
                thrown.set(e);
                return true;
            }
        });
        return thrown.get();
    }

    private List<Message> heartbeats() {
        return network.sent(ApiKey.CONSUMER_GROUP_HEARTBEAT).stream().map(ScriptedNetwork.Exchange::request).toList();
    }

    private Message lastHeartbeat() {
        List<Message> all = heartbeats();
        return all.get(all.size() - 1);
    }

    private static List<Integer> ownedIn(Message heartbeat) {
        List<Message> tps = heartbeat.get(ConsumerGroupHeartbeatRequest.TOPIC_PARTITIONS);
        return tps == null ? null : tps.isEmpty() ? List.of()
                : tps.get(0).get(ConsumerGroupHeartbeatRequest.TopicPartitions.PARTITIONS);
    }

    /** Polls until a heartbeat acknowledged {@code partitions}, then until its answer was handled. */
    private void awaitOwnedAcknowledged(List<Integer> partitions) {
        pollUntil("an acknowledgement of " + partitions, () -> heartbeats().stream()
                .anyMatch(h -> partitions.equals(ownedIn(h)) && h.get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH) > 0));
        awaitHeartbeatsHandled();
    }

    /**
     * Waits until every heartbeat sent was answered by the scripted coordinator and the heartbeat thread handled
     * each answer. An answer can complete before that thread attaches its callback, which then runs on that
     * thread: a test moving the clock before it ran would race it (the next heartbeat falls due an interval after
     * the answer is handled). heartbeat-total counts each successful answer once the member took it in.
     */
    private void awaitHeartbeatsHandled() {
        Await.until("every heartbeat answered and its answer handled", () -> {
            List<ScriptedNetwork.Exchange> sent = network.sent(ApiKey.CONSUMER_GROUP_HEARTBEAT);
            if (!sent.stream().allMatch(ScriptedNetwork.Exchange::answered)) {
                return false;
            }
            long successes = sent.stream().filter(e -> e.request().get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH) >= 0
                    && e.response().join().body().get(ConsumerGroupHeartbeatResponse.ERROR_CODE) == 0).count();
            return consumer.metrics().get("heartbeat-total") >= successes;
        });
    }

    // ---- tests ----

    @Test
    void joinsAtEpochZeroWithItsOwnMemberIdThenAcknowledgesAndSendsOnlyWhatChanged() {
        start(Map.of("group.remote.assignor", "range", "max.poll.interval.ms", 60_000));
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        awaitOwnedAcknowledged(List.of(0, 1));

        Message join = heartbeats().get(0);
        String memberId = join.get(ConsumerGroupHeartbeatRequest.MEMBER_ID);
        assertEquals(0, join.get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH));
        assertEquals(22, memberId.length(), () -> "a base64 UUID made by the client, got " + memberId);
        assertEquals(List.of(TOPIC), join.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES));
        assertEquals(60_000, join.get(ConsumerGroupHeartbeatRequest.REBALANCE_TIMEOUT_MS));
        assertEquals("range", join.get(ConsumerGroupHeartbeatRequest.SERVER_ASSIGNOR));
        assertEquals(List.of(), ownedIn(join), "owns nothing yet");

        Message ack = lastHeartbeat();
        assertEquals(memberId, ack.get(ConsumerGroupHeartbeatRequest.MEMBER_ID), "the same id for the consumer's life");
        assertEquals(1, ack.get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH));
        assertNull(ack.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES), "unchanged: not sent");
        assertEquals(-1, ack.get(ConsumerGroupHeartbeatRequest.REBALANCE_TIMEOUT_MS), "unchanged: not sent");
        assertNull(ack.get(ConsumerGroupHeartbeatRequest.SERVER_ASSIGNOR), "unchanged: not sent");
        assertEquals(List.of("assigned [0, 1]"), events);

        int before = heartbeats().size();
        clock.advance(Duration.ofMillis(INTERVAL_MS));
        pollUntil("a heartbeat after the broker's interval", () -> heartbeats().size() > before);
        Message regular = lastHeartbeat();
        assertNull(ownedIn(regular), "owned partitions unchanged since acknowledged: not sent");
        assertNull(regular.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES));
    }

    @Test
    void aChangedSubscriptionGoesInTheNextHeartbeatAtOnceAndAloneOfTheOptionalFields() {
        network.metadata().topic("u", 1, 0);
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        awaitOwnedAcknowledged(List.of(0, 1));
        consumer.subscribe(List.of(TOPIC, "u"));
        pollUntil("a heartbeat with the new subscription, the clock standing still", () -> heartbeats().stream()
                .anyMatch(h -> List.of(TOPIC, "u").equals(h.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES))));
        Message changed = heartbeats().stream()
                .filter(h -> h.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES) != null).reduce((a, b) -> b)
                .orElseThrow();
        assertEquals(-1, changed.get(ConsumerGroupHeartbeatRequest.REBALANCE_TIMEOUT_MS), "unchanged: not sent");
        assertNull(ownedIn(changed), "unchanged: not sent");
    }

    @Test
    void revokesFirstCommittingWithAutoCommitThenAcknowledges() {
        start(Map.of("enable.auto.commit", true));
        Map<TopicPartition, Long> read = new HashMap<>();
        Await.until("records of both partitions", () -> {
            consumer.poll(Duration.ZERO).forEach(r -> read.merge(r.topicPartition(), r.offset(), Math::max));
            return read.containsKey(P0) && read.containsKey(P1);
        });
        awaitHeartbeatsHandled();
        events.clear();
        brokerEpoch = 2;
        target = List.of(1);
        clock.advance(Duration.ofMillis(INTERVAL_MS));
        awaitOwnedAcknowledged(List.of(1));

        assertEquals(Set.of(P1), consumer.assignment());
        int commitAt = events.indexOf(events.stream().filter(e -> e.startsWith("committed 0@")).findFirst().orElseThrow());
        assertTrue(commitAt < events.indexOf("revoked [0]"), () -> "committed before revoking: " + events);
        assertTrue(events.contains("assigned []"), () -> "onPartitionsAssigned with nothing new: " + events);
        Message commit = network.sent(ApiKey.OFFSET_COMMIT).get(0).request();
        assertEquals(lastHeartbeat().get(ConsumerGroupHeartbeatRequest.MEMBER_ID), commit.get(OffsetCommitRequest.MEMBER_ID));
        assertTrue(commit.get(OffsetCommitRequest.GENERATION_ID_OR_MEMBER_EPOCH) > 0, "the member epoch");
        Message fetch = network.sent(ApiKey.OFFSET_FETCH).get(0).request().get(OffsetFetchRequest.GROUPS).get(0);
        assertEquals(1, fetch.get(OffsetFetchRequest.OffsetFetchRequestGroup.MEMBER_EPOCH), "OffsetFetch names the epoch");
    }

    @Test
    void aFencedMemberLosesItsPartitionsAndRejoinsAtEpochZeroWithTheSameId() {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        awaitOwnedAcknowledged(List.of(0, 1));
        String memberId = lastHeartbeat().get(ConsumerGroupHeartbeatRequest.MEMBER_ID);
        heartbeatErrors.add(ErrorCode.FENCED_MEMBER_EPOCH);
        clock.advance(Duration.ofMillis(INTERVAL_MS));
        pollUntil("partitions lost and assigned again", () -> events.contains("lost [0, 1]")
                && events.get(events.size() - 1).equals("assigned [0, 1]"));
        Message rejoin = heartbeats().stream().skip(1)
                .filter(h -> h.get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH) == 0).findFirst().orElseThrow();
        assertEquals(memberId, rejoin.get(ConsumerGroupHeartbeatRequest.MEMBER_ID));
        assertEquals(List.of(TOPIC), rejoin.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES), "every field again");
    }

    @Test
    void notPollingWithinMaxPollIntervalLeavesWithEpochMinusOneAndTheNextPollRejoins() {
        start(Map.of("max.poll.interval.ms", 1_000));
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        awaitOwnedAcknowledged(List.of(0, 1));
        clock.advance(Duration.ofMillis(1_001));
        Await.until("a leave heartbeat", () -> heartbeats().stream()
                .anyMatch(h -> h.get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH) == -1));
        pollUntil("partitions lost and assigned again", () -> events.contains("lost [0, 1]")
                && events.get(events.size() - 1).equals("assigned [0, 1]"));
    }

    @Test
    void closeRevokesThenLeavesWithEpochMinusOne() {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        consumer.close(Duration.ofSeconds(5));
        consumer = null;
        assertEquals("revoked [0, 1]", events.get(events.size() - 1));
        assertEquals(-1, lastHeartbeat().get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH));
    }

    @Test
    void aStaticMemberLeavesWithEpochMinusTwoAndItsInstanceId() {
        start(Map.of("group.instance.id", "static-1"));
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        assertEquals("static-1", heartbeats().get(0).get(ConsumerGroupHeartbeatRequest.INSTANCE_ID));
        consumer.unsubscribe();
        Message leave = lastHeartbeat();
        assertEquals(-2, leave.get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH));
        assertEquals("static-1", leave.get(ConsumerGroupHeartbeatRequest.INSTANCE_ID));
    }

    @Test
    void aStaleEpochCommitIsRetriedAndACommitAsyncCompletesWithoutPoll() throws Exception {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        commitErrors.add(ErrorCode.STALE_MEMBER_EPOCH);
        consumer.commitSync(Map.of(P0, OffsetAndMetadata.of(3)));
        assertEquals(3L, committed.get(P0));
        assertEquals(2, network.sent(ApiKey.OFFSET_COMMIT).size(), "tried again after STALE_MEMBER_EPOCH");

        Map<TopicPartition, OffsetAndMetadata> done = consumer.commitAsync(Map.of(P1, OffsetAndMetadata.of(7)))
                .get(10, TimeUnit.SECONDS);
        assertEquals(Set.of(P1), done.keySet());
        assertEquals(7L, committed.get(P1));

        commitErrors.add(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThrows(CommitFailedException.class, () -> consumer.commitSync(Map.of(P0, OffsetAndMetadata.of(4))));
    }

    @Test
    void aBrokerSidePatternIsSentAsARegexAndItsAssignedTopicsBecomeTheSubscription() {
        consumer = PetrelConsumer.create(Map.of("bootstrap.servers", "localhost:9092", "group.id", "g",
                        "group.protocol", "consumer", "auto.offset.reset", "earliest", "enable.auto.commit", false),
                new StringDeserializer(), new StringDeserializer(), time, network);
        consumer.subscribe(new SubscriptionPattern("t.*"));
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        Message join = heartbeats().get(0);
        assertEquals("t.*", join.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_REGEX));
        assertNull(join.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES));
        assertEquals(Set.of(TOPIC), consumer.subscription());
    }

    @Test
    void aFatalHeartbeatErrorReachesPoll() {
        heartbeatErrors.add(ErrorCode.UNSUPPORTED_ASSIGNOR);
        start(Map.of("group.remote.assignor", "sticky"));
        RuntimeException thrown = pollUntilThrown("the heartbeat's error");
        assertNotNull(thrown.getMessage());
        assertTrue(thrown.getMessage().contains("group.remote.assignor sticky"), thrown::getMessage);
    }

    // ---- rebalance metrics ----

    /**
     * Answers a held heartbeat successfully and waits until the heartbeat thread has handled the answer, for the
     * reason {@link #awaitHeartbeatsHandled} gives.
     */
    private void answerAndAwaitHandled(ScriptedNetwork.Exchange exchange) {
        double before = consumer.metrics().get("heartbeat-total");
        exchange.answer(heartbeat(exchange.request()));
        Await.until("the heartbeat answer handled", () -> consumer.metrics().get("heartbeat-total") > before);
    }

    @Test
    void aRebalanceRunsFromTheAnswerBringingANewAssignmentToItsReconciliationAsKafkaClientsTimesIt() {
        network.hold(ApiKey.CONSUMER_GROUP_HEARTBEAT, (short) 1);
        start(Map.of());
        consumer.poll(Duration.ZERO);
        answerAndAwaitHandled(network.awaitHeld(ApiKey.CONSUMER_GROUP_HEARTBEAT));
        assertEquals(0.0, consumer.metrics().get("rebalance-total"), "reconciling: the rebalance is not over yet");
        clock.advance(Duration.ofMillis(250));
        pollUntil("the first assignment", () -> consumer.assignment().size() == 2);

        Map<String, Double> m = consumer.metrics();
        assertEquals(1.0, m.get("rebalance-total"));
        assertEquals(250.0, m.get("rebalance-latency-avg"), "from the heartbeat answer to the reconciliation");
        assertEquals(250.0, m.get("rebalance-latency-max"));
        assertEquals(250.0, m.get("rebalance-latency-total"));
        assertEquals(0.0, m.get("failed-rebalance-total"));
        assertEquals(2.0, m.get("assigned-partitions"));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(2.0, consumer.metrics().get("last-rebalance-seconds-ago"));

        target = List.of(0);
        answerAndAwaitHandled(network.awaitHeld(ApiKey.CONSUMER_GROUP_HEARTBEAT));
        clock.advance(Duration.ofMillis(100));
        pollUntil("partition 1 revoked", () -> consumer.assignment().size() == 1);
        m = consumer.metrics();
        assertEquals(2.0, m.get("rebalance-total"));
        assertEquals(175.0, m.get("rebalance-latency-avg"));
        assertEquals(250.0, m.get("rebalance-latency-max"));
        assertEquals(350.0, m.get("rebalance-latency-total"));
        assertEquals(1.0, m.get("assigned-partitions"));
        assertEquals(0.0, m.get("last-rebalance-seconds-ago"));
        assertEquals(List.of("assigned [0, 1]", "revoked [1]", "assigned []"), events);

        ScriptedNetwork.Exchange sameAgain = network.awaitHeld(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        lastSentTarget = null; // the broker repeats the assignment the member already owns
        answerAndAwaitHandled(sameAgain);
        consumer.poll(Duration.ZERO);
        assertEquals(2.0, consumer.metrics().get("rebalance-total"), "the owned assignment again is no rebalance");
    }

    @Test
    void aHeartbeatFailingForGoodWhileReconcilingIsAFailedRebalanceButNotWhileStable() {
        network.hold(ApiKey.CONSUMER_GROUP_HEARTBEAT, (short) 1);
        start(Map.of());
        consumer.poll(Duration.ZERO);
        ScriptedNetwork.Exchange join = network.awaitHeld(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        join.answer(heartbeat(join.request()));
        pollUntil("the first assignment", () -> consumer.assignment().size() == 2);

        heartbeatErrors.add(ErrorCode.FENCED_MEMBER_EPOCH);
        ScriptedNetwork.Exchange ack = network.awaitHeld(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        ack.answer(heartbeat(ack.request()));
        pollUntil("the partitions lost and a rejoin", () -> events.contains("lost [0, 1]"));
        assertEquals(0.0, consumer.metrics().get("failed-rebalance-total"), "fenced while stable: no rebalance failed");
        ScriptedNetwork.Exchange rejoin = network.awaitHeld(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        assertEquals(0, rejoin.request().get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH));
        answerAndAwaitHandled(rejoin);
        // Not polled: the new assignment waits to be reconciled when the next heartbeat is fenced.
        clock.advance(Duration.ofMillis(INTERVAL_MS));
        heartbeatErrors.add(ErrorCode.UNKNOWN_MEMBER_ID);
        ScriptedNetwork.Exchange regular = network.awaitHeld(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        regular.answer(heartbeat(regular.request()));
        // No counter moves for a fenced answer but the one under test: wait for it, a timeout if it never counts.
        Await.until("the fenced heartbeat counted as a failed rebalance",
                () -> consumer.metrics().get("failed-rebalance-total") >= 1.0);
        Map<String, Double> m = consumer.metrics();
        assertEquals(1.0, m.get("failed-rebalance-total"), "fenced while reconciling: a failed rebalance");
        assertTrue(m.get("failed-rebalance-rate-per-hour") > 0, () -> "rate " + m.get("failed-rebalance-rate-per-hour"));
        assertEquals(1.0, m.get("rebalance-total"), "only the first rebalance succeeded");
    }

    // ---- ConsumerGroupHeartbeat v0 ----

    @Test
    void aBrokerOfferingOnlyVersionZeroGetsTopicNamesAndTheMemberIdItMadeIsUsedFromThenOn() throws Exception {
        network.handle(ApiKey.CONSUMER_GROUP_HEARTBEAT, (short) 0, (node, r) -> {
            Message answer = heartbeat(r);
            // As a v0 coordinator may: the joining member gets an id made by the broker.
            return r.get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH) == 0
                    ? answer.set(ConsumerGroupHeartbeatResponse.MEMBER_ID, "broker-made-id") : answer;
        });
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        awaitOwnedAcknowledged(List.of(0, 1));

        List<ScriptedNetwork.Exchange> sent = network.sent(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        assertTrue(sent.stream().allMatch(e -> e.version() == 0), "every heartbeat at the broker's v0");
        assertEquals(List.of(TOPIC), sent.get(0).request().get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES));
        assertEquals("broker-made-id", lastHeartbeat().get(ConsumerGroupHeartbeatRequest.MEMBER_ID),
                "the id the broker gave, not the one the join proposed");
        assertEquals("broker-made-id", consumer.groupMetadata().memberId());
        consumer.commitSync(Map.of(P0, OffsetAndMetadata.of(3)));
        Message commit = network.sent(ApiKey.OFFSET_COMMIT).get(0).request();
        assertEquals("broker-made-id", commit.get(OffsetCommitRequest.MEMBER_ID));
    }

    @Test
    void aBrokerSidePatternIsRefusedClearlyWhenTheBrokerOffersOnlyVersionZero() {
        network.handle(ApiKey.CONSUMER_GROUP_HEARTBEAT, (short) 0, (node, r) -> heartbeat(r));
        consumer = PetrelConsumer.create(Map.of("bootstrap.servers", "localhost:9092", "group.id", "g",
                        "group.protocol", "consumer", "auto.offset.reset", "earliest", "enable.auto.commit", false),
                new StringDeserializer(), new StringDeserializer(), time, network);
        consumer.subscribe(new SubscriptionPattern("t.*"));
        RuntimeException thrown = pollUntilThrown("the pattern refused");
        assertTrue(thrown instanceof io.petrel.client.UnsupportedVersionException, thrown::toString);
        String message = thrown.getMessage();
        assertTrue(message.contains("SubscriptionPattern \"t.*\"") && message.contains("v1")
                && message.contains("only v0") && message.contains("java.util.regex.Pattern"), message);
        assertEquals(List.of(), heartbeats(), "nothing the broker would misread was sent");
        assertEquals(Set.of(), consumer.assignment());
    }
}
