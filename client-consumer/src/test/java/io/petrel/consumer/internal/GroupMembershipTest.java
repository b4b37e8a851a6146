package io.petrel.consumer.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.compression.CompressionType;
import io.petrel.consumer.CommitFailedException;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.FindCoordinatorResponse;
import io.petrel.protocol.schemas.HeartbeatResponse;
import io.petrel.protocol.schemas.JoinGroupRequest;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.LeaveGroupResponse;
import io.petrel.protocol.schemas.OffsetCommitRequest;
import io.petrel.protocol.schemas.OffsetCommitResponse;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import io.petrel.protocol.schemas.SyncGroupRequest;
import io.petrel.protocol.schemas.SyncGroupResponse;
import io.petrel.serializers.StringDeserializer;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The group state machine against scripted coordinator answers: the join handshake and its errors,
 * rebalances started by heartbeats, committed offsets on assignment, and commits refused after a
 * rebalance. The scripted coordinator runs a one-member group: this consumer is always the leader.
 */
class GroupMembershipTest {
    private static final String TOPIC = "t";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final ScriptedNetwork network = ScriptedNetwork.onIoThread();
    private final PartitionLogs logs = new PartitionLogs(network);
    /** Errors the next JoinGroup / Heartbeat / OffsetCommit / SyncGroup answers carry, one per request. */
    private final Queue<ErrorCode> joinErrors = new ConcurrentLinkedQueue<>();
    private final Queue<ErrorCode> heartbeatErrors = new ConcurrentLinkedQueue<>();
    private final Queue<ErrorCode> commitErrors = new ConcurrentLinkedQueue<>();
    private final Queue<ErrorCode> syncErrors = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private int generation;
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
                .handle(ApiKey.JOIN_GROUP, (short) 9, (node, r) -> join(r))
                .handle(ApiKey.SYNC_GROUP, (short) 5, (node, r) -> sync(r))
                .handle(ApiKey.HEARTBEAT, (short) 4, (node, r) -> HeartbeatResponse.SCHEMA.newMessage()
                        .set(HeartbeatResponse.THROTTLE_TIME_MS, 0)
                        .set(HeartbeatResponse.ERROR_CODE, next(heartbeatErrors).code()))
                .handle(ApiKey.OFFSET_COMMIT, (short) 9, (node, r) -> commit(r))
                .handle(ApiKey.OFFSET_FETCH, (short) 9, (node, r) -> offsetFetch(r))
                .handle(ApiKey.LEAVE_GROUP, (short) 5, (node, r) -> LeaveGroupResponse.SCHEMA.newMessage()
                        .set(LeaveGroupResponse.THROTTLE_TIME_MS, 0).set(LeaveGroupResponse.ERROR_CODE, (short) 0)
                        .set(LeaveGroupResponse.MEMBERS, List.of()));
    }

    private void start(Map<String, Object> extra) {
        Map<String, Object> configs = new HashMap<>(Map.of("bootstrap.servers", "localhost:9092", "group.id", "g",
                "auto.offset.reset", "earliest", "heartbeat.interval.ms", 20, "enable.auto.commit", false,
                "retry.backoff.ms", 10, "partition.assignment.strategy", "range"));
        configs.putAll(extra);
        consumer = PetrelConsumer.create(configs, new StringDeserializer(), new StringDeserializer(), Time.SYSTEM, network);
        consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                events.add("revoked " + partitions.size());
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                events.add("assigned " + partitions.size());
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                events.add("lost " + partitions.size());
            }
        });
    }

    @AfterEach
    void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
        }
        network.close();
    }

    private static ErrorCode next(Queue<ErrorCode> errors) {
        ErrorCode e = errors.poll();
        return e == null ? ErrorCode.NONE : e;
    }

    private Message join(Message request) {
        ErrorCode error = next(joinErrors);
        String member = request.get(JoinGroupRequest.MEMBER_ID);
        Message response = JoinGroupResponse.SCHEMA.newMessage().set(JoinGroupResponse.THROTTLE_TIME_MS, 0)
                .set(JoinGroupResponse.PROTOCOL_TYPE, "consumer").set(JoinGroupResponse.SKIP_ASSIGNMENT, false);
        if (error == ErrorCode.NONE && member.isEmpty()) {
            error = ErrorCode.MEMBER_ID_REQUIRED;
            member = "member-1";
        }
        if (error != ErrorCode.NONE) {
            return response.set(JoinGroupResponse.ERROR_CODE, error.code()).set(JoinGroupResponse.GENERATION_ID, -1)
                    .set(JoinGroupResponse.PROTOCOL_NAME, null).set(JoinGroupResponse.LEADER, "")
                    .set(JoinGroupResponse.MEMBER_ID, member).set(JoinGroupResponse.MEMBERS, List.of());
        }
        Message protocol = request.get(JoinGroupRequest.PROTOCOLS).get(0);
        return response.set(JoinGroupResponse.ERROR_CODE, (short) 0).set(JoinGroupResponse.GENERATION_ID, ++generation)
                .set(JoinGroupResponse.PROTOCOL_NAME, protocol.get(JoinGroupRequest.JoinGroupRequestProtocol.NAME))
                .set(JoinGroupResponse.LEADER, member).set(JoinGroupResponse.MEMBER_ID, member)
                .set(JoinGroupResponse.MEMBERS, List.of(Message.of(JoinGroupResponse.JoinGroupResponseMember.SCHEMA)
                        .set(JoinGroupResponse.JoinGroupResponseMember.MEMBER_ID, member)
                        .set(JoinGroupResponse.JoinGroupResponseMember.GROUP_INSTANCE_ID, null)
                        .set(JoinGroupResponse.JoinGroupResponseMember.METADATA,
                                protocol.get(JoinGroupRequest.JoinGroupRequestProtocol.METADATA))));
    }

    private Message sync(Message request) {
        ErrorCode error = next(syncErrors);
        if (error != ErrorCode.NONE) {
            return SyncGroupResponse.SCHEMA.newMessage().set(SyncGroupResponse.THROTTLE_TIME_MS, 0)
                    .set(SyncGroupResponse.ERROR_CODE, error.code()).set(SyncGroupResponse.PROTOCOL_TYPE, null)
                    .set(SyncGroupResponse.PROTOCOL_NAME, null).set(SyncGroupResponse.ASSIGNMENT, new byte[0]);
        }
        byte[] mine = request.get(SyncGroupRequest.ASSIGNMENTS).get(0).get(SyncGroupRequest.SyncGroupRequestAssignment.ASSIGNMENT);
        return SyncGroupResponse.SCHEMA.newMessage().set(SyncGroupResponse.THROTTLE_TIME_MS, 0)
                .set(SyncGroupResponse.ERROR_CODE, (short) 0).set(SyncGroupResponse.PROTOCOL_TYPE, "consumer")
                .set(SyncGroupResponse.PROTOCOL_NAME, "range").set(SyncGroupResponse.ASSIGNMENT, mine);
    }

    private Message commit(Message request) {
        return commitAnswer(request, next(commitErrors));
    }

    private Message commitAnswer(Message request, ErrorCode error) {
        List<Message> topics = new ArrayList<>();
        for (Message t : request.get(OffsetCommitRequest.TOPICS)) {
            String name = t.get(OffsetCommitRequest.OffsetCommitRequestTopic.NAME);
            List<Message> partitions = new ArrayList<>();
            for (Message p : t.get(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS)) {
                int index = p.get(OffsetCommitRequest.OffsetCommitRequestPartition.PARTITION_INDEX);
                if (error == ErrorCode.NONE) {
                    synchronized (committed) {
                        committed.put(new TopicPartition(name, index),
                                p.get(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_OFFSET));
                    }
                }
                partitions.add(Message.of(OffsetCommitResponse.OffsetCommitResponsePartition.SCHEMA)
                        .set(OffsetCommitResponse.OffsetCommitResponsePartition.PARTITION_INDEX, index)
                        .set(OffsetCommitResponse.OffsetCommitResponsePartition.ERROR_CODE, error.code()));
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

    /** Polls until {@code done}; 30 s only bounds a failure (10 s ran out once for a rejoin at load ~34). */
    private void pollUntil(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting for " + what + "; events " + events);
            consumer.poll(Duration.ofMillis(20));
        }
    }

    @Test
    void joinsWithTheMemberIdTheCoordinatorAsksForAndGetsEveryPartition() {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        List<ScriptedNetwork.Exchange> joins = network.sent(ApiKey.JOIN_GROUP);
        assertEquals("", joins.get(0).request().get(JoinGroupRequest.MEMBER_ID));
        assertEquals("member-1", joins.get(1).request().get(JoinGroupRequest.MEMBER_ID), "rejoined with the given id");
        assertEquals("consumer", joins.get(1).request().get(JoinGroupRequest.PROTOCOL_TYPE));
        assertEquals(List.of("assigned 2"), events);
    }

    @Test
    void committedOffsetsArePositionsOfNewAssignments() {
        committed.put(P0, 4L);
        start(Map.of());
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (firstOffsets.size() < 2 && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(20)).forEach(r -> firstOffsets.putIfAbsent(r.topicPartition(), r.offset()));
        }
        assertEquals(4L, firstOffsets.get(P0), "from the committed offset");
        assertEquals(0L, firstOffsets.get(P1), "no commit: auto.offset.reset=earliest");
    }

    @Test
    void aRebalanceSeenByTheHeartbeatRevokesAndReassigns() {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        heartbeatErrors.add(ErrorCode.REBALANCE_IN_PROGRESS);
        pollUntil("a second generation", () -> events.size() >= 3);
        assertEquals(List.of("assigned 2", "revoked 2", "assigned 2"), events);
    }

    @Test
    void aFencedMemberLosesItsPartitionsAndRejoinsAfresh() {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        heartbeatErrors.add(ErrorCode.UNKNOWN_MEMBER_ID);
        pollUntil("a rejoin", () -> events.contains("lost 2") && events.get(events.size() - 1).equals("assigned 2"));
        List<ScriptedNetwork.Exchange> joins = network.sent(ApiKey.JOIN_GROUP);
        assertEquals("", joins.get(joins.size() - 2).request().get(JoinGroupRequest.MEMBER_ID), "the member id was reset");
    }

    @Test
    void aCommitAfterTheGroupMovedOnFailsWithCommitFailed() {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        commitErrors.add(ErrorCode.ILLEGAL_GENERATION);
        assertThrows(CommitFailedException.class, () -> consumer.commitSync(Map.of(P0, OffsetAndMetadata.of(3))));
        pollUntil("a rejoin", () -> events.size() == 3);
        assertEquals(List.of("assigned 2", "lost 2", "assigned 2"), events);
        List<ScriptedNetwork.Exchange> joins = network.sent(ApiKey.JOIN_GROUP);
        assertEquals("member-1", joins.get(joins.size() - 1).request().get(JoinGroupRequest.MEMBER_ID),
                "ILLEGAL_GENERATION keeps the member id");
        consumer.commitSync(Map.of(P0, OffsetAndMetadata.of(5)));
        assertEquals(5L, committed.get(P0));
    }

    @Test
    void aCoordinatorErrorFindsTheCoordinatorAgain() {
        joinErrors.add(ErrorCode.NOT_COORDINATOR);
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        assertTrue(network.sent(ApiKey.FIND_COORDINATOR).size() >= 2, "looked the coordinator up again");
    }

    @Test
    void commitAsyncCompletesWhenTheBrokerAnswers() throws Exception {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        Map<TopicPartition, OffsetAndMetadata> done = consumer.commitAsync(Map.of(P1, OffsetAndMetadata.of(7)))
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(Set.of(P1), done.keySet());
        assertEquals(7L, committed.get(P1));
    }


    @Test
    void aStaticMemberSendsItsInstanceIdAndDoesNotLeaveOnClose() {
        start(Map.of("group.instance.id", "static-1"));
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        assertEquals("static-1", network.sent(ApiKey.JOIN_GROUP).get(0).request().get(JoinGroupRequest.GROUP_INSTANCE_ID));
        consumer.close(Duration.ofSeconds(1));
        consumer = null;
        assertEquals(List.of(), network.sent(ApiKey.LEAVE_GROUP), "a static member keeps its place when it closes");
        assertEquals("revoked 2", events.get(events.size() - 1));
    }

    @Test
    void aDynamicMemberLeavesOnClose() {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        consumer.close(Duration.ofSeconds(1));
        consumer = null;
        assertEquals(1, network.sent(ApiKey.LEAVE_GROUP).size());
    }

    @Test
    void notPollingWithinMaxPollIntervalLeavesTheGroupAndTheNextPollRejoins() throws Exception {
        CountDownLatch left = new CountDownLatch(1);
        network.handle(ApiKey.LEAVE_GROUP, (short) 5, (node, r) -> {
            left.countDown();
            return LeaveGroupResponse.SCHEMA.newMessage().set(LeaveGroupResponse.THROTTLE_TIME_MS, 0)
                    .set(LeaveGroupResponse.ERROR_CODE, (short) 0).set(LeaveGroupResponse.MEMBERS, List.of());
        });
        start(Map.of("max.poll.interval.ms", 300));
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        assertTrue(left.await(10, TimeUnit.SECONDS), "the heartbeat thread left the group after max.poll.interval.ms");
        pollUntil("a rejoin", () -> events.contains("lost 2") && events.get(events.size() - 1).equals("assigned 2"));
    }

    /** A cooperative-sticky member that owns both partitions in generation 1. */
    private void startCooperativeAndAssign() {
        start(Map.of("partition.assignment.strategy", "cooperative-sticky"));
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
    }

    /** Starts one more rebalance through a heartbeat and returns the member id the member rejoins with. */
    private String memberIdOfTheNextRejoin() {
        int joins = network.sent(ApiKey.JOIN_GROUP).size();
        heartbeatErrors.add(ErrorCode.REBALANCE_IN_PROGRESS);
        pollUntil("a rejoin", () -> network.sent(ApiKey.JOIN_GROUP).size() > joins);
        return network.sent(ApiKey.JOIN_GROUP).get(joins).request().get(JoinGroupRequest.MEMBER_ID);
    }

    @Test
    void aCommitDuringARebalanceFailsWithoutReachingTheCoordinatorAndTheMemberKeepsItsIdAndPartitions() throws Exception {
        startCooperativeAndAssign();
        network.hold(ApiKey.SYNC_GROUP, (short) 5).hold(ApiKey.OFFSET_COMMIT, (short) 9);
        heartbeatErrors.add(ErrorCode.REBALANCE_IN_PROGRESS);
        pollUntil("the second generation's SyncGroup", () -> network.sent(ApiKey.SYNC_GROUP).size() == 2);

        // Kafka serves a connection's requests in order: a commit sent now, for generation 1, is read after the
        // SyncGroup is answered and refused with ILLEGAL_GENERATION, possibly after the member took generation 2.
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commit = consumer.commitAsync(
                Map.of(P0, OffsetAndMetadata.of(3)));
        ScriptedNetwork.Exchange sync = network.takeHeld(ApiKey.SYNC_GROUP).orElseThrow();
        sync.answer(sync(sync.request()));
        pollUntil("the second generation", () -> events.size() == 2);
        network.takeHeld(ApiKey.OFFSET_COMMIT).ifPresent(c -> c.answer(commitAnswer(c.request(), ErrorCode.ILLEGAL_GENERATION)));
        network.handle(ApiKey.OFFSET_COMMIT, (short) 9, (node, r) -> commit(r))
                .handle(ApiKey.SYNC_GROUP, (short) 5, (node, r) -> sync(r));

        ExecutionException failed = assertThrows(ExecutionException.class, () -> commit.get(5, TimeUnit.SECONDS));
        BrokerErrorException error = assertInstanceOf(BrokerErrorException.class, failed.getCause());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, error.error());
        assertEquals(Set.of(P0, P1), consumer.assignment());
        assertEquals("member-1", memberIdOfTheNextRejoin(), "rejoined under the id the coordinator knows");
        assertFalse(events.contains("lost 2"), () -> "no partitions lost: " + events);
        // The rejoin may still be under way: as the error says, poll() completes it, then the commit goes through.
        pollUntil("a commit once the rejoin is done", () -> {
            try {
                consumer.commitSync(Map.of(P0, OffsetAndMetadata.of(5)));
                return true;
            } catch (BrokerErrorException e) {
                assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, e.error());
                return false;
            }
        });
        assertEquals(5L, committed.get(P0));
    }

    @Test
    void aCommitRefusalForAGenerationTheMemberHasLeftIsIgnored() throws Exception {
        startCooperativeAndAssign();
        network.hold(ApiKey.OFFSET_COMMIT, (short) 9);
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commit = consumer.commitAsync(
                Map.of(P0, OffsetAndMetadata.of(3)));
        heartbeatErrors.add(ErrorCode.REBALANCE_IN_PROGRESS);
        pollUntil("the second generation", () -> events.size() == 2);
        ScriptedNetwork.Exchange late = network.takeHeld(ApiKey.OFFSET_COMMIT).orElseThrow();
        late.answer(commitAnswer(late.request(), ErrorCode.ILLEGAL_GENERATION));
        network.handle(ApiKey.OFFSET_COMMIT, (short) 9, (node, r) -> commit(r));

        ExecutionException failed = assertThrows(ExecutionException.class, () -> commit.get(5, TimeUnit.SECONDS));
        assertInstanceOf(CommitFailedException.class, failed.getCause());
        assertEquals("member-1", memberIdOfTheNextRejoin(), "still the member the coordinator knows");
        assertFalse(events.contains("lost 2"), () -> "generation 2 was not dropped for generation 1's answer: " + events);
    }

    @Test
    void anIllegalGenerationHeartbeatLosesThePartitionsButRejoinsUnderTheSameMemberId() {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        heartbeatErrors.add(ErrorCode.ILLEGAL_GENERATION);
        pollUntil("a rejoin", () -> events.contains("lost 2") && events.get(events.size() - 1).equals("assigned 2"));
        List<ScriptedNetwork.Exchange> joins = network.sent(ApiKey.JOIN_GROUP);
        assertEquals("member-1", joins.get(joins.size() - 1).request().get(JoinGroupRequest.MEMBER_ID),
                "the coordinator still knows the member: a fresh id would leave the old one to time out");
        assertEquals(1, joins.stream().filter(j -> j.request().get(JoinGroupRequest.MEMBER_ID).isEmpty()).count(),
                "only the first join went without an id");
    }

    @Test
    void anIllegalGenerationSyncGroupRejoinsUnderTheSameMemberId() {
        start(Map.of());
        pollUntil("an assignment", () -> consumer.assignment().size() == 2);
        syncErrors.add(ErrorCode.ILLEGAL_GENERATION);
        heartbeatErrors.add(ErrorCode.REBALANCE_IN_PROGRESS);
        pollUntil("a generation after the refused SyncGroup",
                () -> network.sent(ApiKey.SYNC_GROUP).size() >= 3 && consumer.assignment().size() == 2);
        List<ScriptedNetwork.Exchange> joins = network.sent(ApiKey.JOIN_GROUP);
        assertEquals(1, joins.stream().filter(j -> j.request().get(JoinGroupRequest.MEMBER_ID).isEmpty()).count(),
                "only the first join went without an id");
    }
}
