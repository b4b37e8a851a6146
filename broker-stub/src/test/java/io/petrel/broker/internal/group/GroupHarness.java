package io.petrel.broker.internal.group;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.ConsumerGroupSettings;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeGroupsRequest;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.HeartbeatRequest;
import io.petrel.protocol.schemas.HeartbeatResponse;
import io.petrel.protocol.schemas.JoinGroupRequest;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.LeaveGroupRequest;
import io.petrel.protocol.schemas.OffsetCommitRequest;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.SyncGroupRequest;
import io.petrel.protocol.schemas.SyncGroupResponse;
import io.petrel.testsupport.ManualClock;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives a {@link GroupCoordinator}'s handlers as the network layer would: every request is encoded at
 * its version and decoded again before it is handled, and every response is encoded at the request's
 * version and decoded again before the test sees it, so a field a version lacks fails the test.
 */
final class GroupHarness implements AutoCloseable {
    static final BrokerIdentity IDENTITY = new BrokerIdentity(7, "broker.example", 19092, "cluster-1");
    static final String CONSUMER = "consumer";
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 30_000;

    final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    final Path dir;
    private final Duration initialDelay;
    private final TopicIdsAndPartitions topics;
    private final ConsumerGroupSettings consumerGroups;
    private final int classicMaxSize;
    private GroupCoordinator coordinator;
    private final Map<ApiKey, RequestHandler> handlers = new EnumMap<>(ApiKey.class);
    private int correlationId;

    GroupHarness(Path dir, Duration initialDelay) throws IOException {
        this(dir, initialDelay, null);
    }

    GroupHarness(Path dir, Duration initialDelay, TopicIdsAndPartitions topics) throws IOException {
        this(dir, initialDelay, topics, ConsumerGroupSettings.defaults());
    }

    GroupHarness(Path dir, Duration initialDelay, TopicIdsAndPartitions topics, ConsumerGroupSettings consumerGroups)
            throws IOException {
        this(dir, initialDelay, topics, consumerGroups, Integer.MAX_VALUE);
    }

    /** With {@code group.max.size} {@code classicMaxSize}. */
    GroupHarness(Path dir, Duration initialDelay, TopicIdsAndPartitions topics, ConsumerGroupSettings consumerGroups,
                 int classicMaxSize) throws IOException {
        this.dir = dir;
        this.initialDelay = initialDelay;
        this.topics = topics;
        this.consumerGroups = consumerGroups;
        this.classicMaxSize = classicMaxSize;
        open();
    }

    private void open() throws IOException {
        BrokerConfig config = BrokerConfig.builder().clock(clock).nanoTime(clock::nanoTime)
                .groupInitialRebalanceDelay(initialDelay).consumerGroups(consumerGroups)
                .groupMaxSize(classicMaxSize).build();
        coordinator = topics == null ? GroupCoordinator.open(dir, config, IDENTITY)
                : GroupCoordinator.open(dir, config, IDENTITY, topics);
        handlers.clear();
        for (RequestHandler h : coordinator.handlers(RequestAuthorizer.allowAll())) {
            handlers.put(h.api(), h);
        }
    }

    /** Closes the coordinator and opens a new one on the same directory, as a broker restart does. */
    void restart() throws IOException {
        coordinator.close();
        open();
    }

    /** Closes the coordinator, as a broker shutting down does; {@link #restart()} opens it again. */
    void stop() {
        coordinator.close();
    }

    GroupCoordinator coordinator() {
        return coordinator;
    }

    RequestHandler handler(ApiKey api) {
        return handlers.get(api);
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    void tick() {
        coordinator.tick();
    }

    @Override
    public void close() {
        coordinator.close();
    }

    // ------------------------------------------------------------ transport

    /** Sends a request at a version; the future holds the response as a client would decode it. */
    CompletableFuture<Message> send(ApiKey api, short version, Message request) {
        RequestHandler handler = handlers.get(api);
        assertNotNull(handler, "no handler for " + api);
        assertTrue(handler.versions().contains(version), api + " v" + version + " is not served");
        ByteBuffer wire = api.requestSchema().serialize(request, version);
        Message decoded = api.requestSchema().read(wire, version);
        RequestContext ctx = new RequestContext(version, ++correlationId, "client-1", "conn-1",
                new InetSocketAddress("127.0.0.1", 50_000));
        return handler.handle(ctx, decoded).thenApply(response -> {
            Message body = ((Response.Body) response).body();
            ByteBuffer out = api.responseSchema().serialize(body, version);
            // Kafka's own client decoder must accept the bytes too.
            org.apache.kafka.common.requests.AbstractResponse kafka = org.apache.kafka.common.requests.AbstractResponse
                    .parseResponse(org.apache.kafka.common.protocol.ApiKeys.forId(api.id()),
                            new org.apache.kafka.common.protocol.ByteBufferAccessor(out.duplicate()), version);
            assertEquals(0, kafka.throttleTimeMs(), api + " v" + version + " throttle time");
            Message read = api.responseSchema().read(out, version);
            assertEquals(0, out.remaining(), api + " v" + version + " response has trailing bytes");
            return read;
        });
    }

    /** Sends a request that must be answered at once. */
    Message call(ApiKey api, short version, Message request) {
        CompletableFuture<Message> f = send(api, version, request);
        assertTrue(f.isDone(), api + " v" + version + " should be answered at once");
        return f.join();
    }

    // ------------------------------------------------------------ JoinGroup

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Message joinRequest(short v, String group, String memberId, String instanceId, String protocolType,
                               Map<String, byte[]> protocols) {
        List<Message> ps = new ArrayList<>();
        for (Map.Entry<String, byte[]> p : protocols.entrySet()) {
            ps.add(Message.of(JoinGroupRequest.JoinGroupRequestProtocol.SCHEMA)
                    .set(JoinGroupRequest.JoinGroupRequestProtocol.NAME, p.getKey())
                    .set(JoinGroupRequest.JoinGroupRequestProtocol.METADATA, p.getValue()));
        }
        Message m = JoinGroupRequest.SCHEMA.newMessage()
                .set(JoinGroupRequest.GROUP_ID, group)
                .set(JoinGroupRequest.SESSION_TIMEOUT_MS, SESSION_MS)
                .set(JoinGroupRequest.MEMBER_ID, memberId)
                .set(JoinGroupRequest.PROTOCOL_TYPE, protocolType)
                .set(JoinGroupRequest.PROTOCOLS, ps);
        if (v >= 1) {
            m.set(JoinGroupRequest.REBALANCE_TIMEOUT_MS, REBALANCE_MS);
        }
        if (v >= 5) {
            m.set(JoinGroupRequest.GROUP_INSTANCE_ID, instanceId);
        }
        return m;
    }

    CompletableFuture<Message> join(short v, String group, String memberId, String instanceId, byte[] subscription) {
        return send(ApiKey.JOIN_GROUP, v, joinRequest(v, group, memberId, instanceId, CONSUMER,
                Map.of("range", subscription)));
    }

    CompletableFuture<Message> join(String group, String memberId) {
        return join((short) 9, group, memberId, null, bytes("sub"));
    }

    /** A dynamic member's first JoinGroup (v9): MEMBER_ID_REQUIRED with the id to come back with. */
    String memberIdFor(String group) {
        Message r = join(group, "").join();
        assertEquals(ErrorCode.MEMBER_ID_REQUIRED.code(), r.get(JoinGroupResponse.ERROR_CODE));
        return r.get(JoinGroupResponse.MEMBER_ID);
    }

    // ------------------------------------------------------------ SyncGroup, Heartbeat, LeaveGroup

    static Message syncRequest(short v, String group, int generation, String memberId, String instanceId,
                               Map<String, byte[]> assignments) {
        List<Message> as = new ArrayList<>();
        for (Map.Entry<String, byte[]> a : assignments.entrySet()) {
            as.add(Message.of(SyncGroupRequest.SyncGroupRequestAssignment.SCHEMA)
                    .set(SyncGroupRequest.SyncGroupRequestAssignment.MEMBER_ID, a.getKey())
                    .set(SyncGroupRequest.SyncGroupRequestAssignment.ASSIGNMENT, a.getValue()));
        }
        Message m = SyncGroupRequest.SCHEMA.newMessage()
                .set(SyncGroupRequest.GROUP_ID, group)
                .set(SyncGroupRequest.GENERATION_ID, generation)
                .set(SyncGroupRequest.MEMBER_ID, memberId)
                .set(SyncGroupRequest.ASSIGNMENTS, as);
        if (v >= 3) {
            m.set(SyncGroupRequest.GROUP_INSTANCE_ID, instanceId);
        }
        if (v >= 5) {
            m.set(SyncGroupRequest.PROTOCOL_TYPE, CONSUMER).set(SyncGroupRequest.PROTOCOL_NAME, "range");
        }
        return m;
    }

    CompletableFuture<Message> sync(String group, int generation, String memberId, String instanceId,
                                    Map<String, byte[]> assignments) {
        return send(ApiKey.SYNC_GROUP, (short) 5, syncRequest((short) 5, group, generation, memberId, instanceId,
                assignments));
    }

    CompletableFuture<Message> sync(String group, int generation, String memberId) {
        return sync(group, generation, memberId, null, Map.of());
    }

    static Message heartbeatRequest(short v, String group, int generation, String memberId, String instanceId) {
        Message m = HeartbeatRequest.SCHEMA.newMessage()
                .set(HeartbeatRequest.GROUP_ID, group)
                .set(HeartbeatRequest.GENERATION_ID, generation)
                .set(HeartbeatRequest.MEMBER_ID, memberId);
        if (v >= 3) {
            m.set(HeartbeatRequest.GROUP_INSTANCE_ID, instanceId);
        }
        return m;
    }

    ErrorCode heartbeat(String group, int generation, String memberId, String instanceId) {
        Message r = call(ApiKey.HEARTBEAT, (short) 4, heartbeatRequest((short) 4, group, generation, memberId, instanceId));
        return ErrorCode.forCode(r.get(HeartbeatResponse.ERROR_CODE));
    }

    ErrorCode heartbeat(String group, int generation, String memberId) {
        return heartbeat(group, generation, memberId, null);
    }

    static Message leaveRequest(short v, String group, String memberId, String instanceId) {
        Message m = LeaveGroupRequest.SCHEMA.newMessage().set(LeaveGroupRequest.GROUP_ID, group);
        if (v < 3) {
            return m.set(LeaveGroupRequest.MEMBER_ID, memberId);
        }
        Message member = Message.of(LeaveGroupRequest.MemberIdentity.SCHEMA)
                .set(LeaveGroupRequest.MemberIdentity.MEMBER_ID, memberId)
                .set(LeaveGroupRequest.MemberIdentity.GROUP_INSTANCE_ID, instanceId);
        if (v >= 5) {
            member.set(LeaveGroupRequest.MemberIdentity.REASON, "test leaves");
        }
        return m.set(LeaveGroupRequest.MEMBERS, List.of(member));
    }

    Message leave(short v, String group, String memberId, String instanceId) {
        return call(ApiKey.LEAVE_GROUP, v, leaveRequest(v, group, memberId, instanceId));
    }

    // ------------------------------------------------------------ group formation

    /** A member as a test tracks it. */
    record Member(String memberId, int generation) {
    }

    /**
     * Forms a stable group of fresh dynamic members: each joins (through MEMBER_ID_REQUIRED), the join
     * phase completes (ticking past any initial delay), and the leader assigns {@code "assignment-i"} to
     * the i-th member. Returns the members in join order; the first leads.
     */
    List<Member> formGroup(String group, int size) {
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<Message>> joins = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String id = memberIdFor(group);
            ids.add(id);
            joins.add(join(group, id));
        }
        for (int i = 0; i < 10 && !joins.stream().allMatch(CompletableFuture::isDone); i++) {
            advance(initialDelay.isZero() ? Duration.ofMillis(100) : initialDelay);
            tick();
        }
        List<Member> members = new ArrayList<>();
        String leader = null;
        for (int i = 0; i < size; i++) {
            Message r = joins.get(i).join();
            assertEquals(ErrorCode.NONE.code(), r.get(JoinGroupResponse.ERROR_CODE), "join of member " + i);
            members.add(new Member(ids.get(i), r.get(JoinGroupResponse.GENERATION_ID)));
            leader = r.get(JoinGroupResponse.LEADER);
        }
        assertEquals(ids.get(0), leader);
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            assignments.put(ids.get(i), bytes("assignment-" + i));
        }
        List<CompletableFuture<Message>> syncs = new ArrayList<>();
        for (int i = 1; i < size; i++) {
            syncs.add(sync(group, members.get(i).generation(), ids.get(i)));
        }
        syncs.add(0, sync(group, members.get(0).generation(), ids.get(0), null, assignments));
        for (int i = 0; i < size; i++) {
            Message r = syncs.get(i).join();
            assertEquals(ErrorCode.NONE.code(), r.get(SyncGroupResponse.ERROR_CODE));
        }
        return members;
    }

    // ------------------------------------------------------------ offsets

    static Message commitRequest(short v, String group, int generation, String memberId,
                                 Map<String, Map<Integer, Long>> offsets) {
        List<Message> topics = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Long>> t : offsets.entrySet()) {
            List<Message> partitions = new ArrayList<>();
            for (Map.Entry<Integer, Long> p : t.getValue().entrySet()) {
                Message partition = Message.of(OffsetCommitRequest.OffsetCommitRequestPartition.SCHEMA)
                        .set(OffsetCommitRequest.OffsetCommitRequestPartition.PARTITION_INDEX, p.getKey())
                        .set(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_OFFSET, p.getValue())
                        .set(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_METADATA, "meta-" + p.getValue());
                if (v >= 6) {
                    partition.set(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_LEADER_EPOCH, 3);
                }
                partitions.add(partition);
            }
            topics.add(Message.of(OffsetCommitRequest.OffsetCommitRequestTopic.SCHEMA)
                    .set(OffsetCommitRequest.OffsetCommitRequestTopic.NAME, t.getKey())
                    .set(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS, partitions));
        }
        return OffsetCommitRequest.SCHEMA.newMessage()
                .set(OffsetCommitRequest.GROUP_ID, group)
                .set(OffsetCommitRequest.GENERATION_ID_OR_MEMBER_EPOCH, generation)
                .set(OffsetCommitRequest.MEMBER_ID, memberId)
                .set(OffsetCommitRequest.TOPICS, topics);
    }

    Message commit(short v, String group, int generation, String memberId, Map<String, Map<Integer, Long>> offsets) {
        return call(ApiKey.OFFSET_COMMIT, v, commitRequest(v, group, generation, memberId, offsets));
    }

    /** OffsetFetch at a version; {@code topics} null asks for every committed offset. */
    static Message fetchRequest(short v, String group, Map<String, List<Integer>> topics) {
        Message m = OffsetFetchRequest.SCHEMA.newMessage();
        if (v < 8) {
            List<Message> ts = null;
            if (topics != null) {
                ts = new ArrayList<>();
                for (Map.Entry<String, List<Integer>> t : topics.entrySet()) {
                    ts.add(Message.of(OffsetFetchRequest.OffsetFetchRequestTopic.SCHEMA)
                            .set(OffsetFetchRequest.OffsetFetchRequestTopic.NAME, t.getKey())
                            .set(OffsetFetchRequest.OffsetFetchRequestTopic.PARTITION_INDEXES, t.getValue()));
                }
            }
            return m.set(OffsetFetchRequest.GROUP_ID, group).set(OffsetFetchRequest.TOPICS, ts);
        }
        List<Message> ts = null;
        if (topics != null) {
            ts = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> t : topics.entrySet()) {
                ts.add(Message.of(OffsetFetchRequest.OffsetFetchRequestTopics.SCHEMA)
                        .set(OffsetFetchRequest.OffsetFetchRequestTopics.NAME, t.getKey())
                        .set(OffsetFetchRequest.OffsetFetchRequestTopics.PARTITION_INDEXES, t.getValue()));
            }
        }
        return m.set(OffsetFetchRequest.GROUPS, List.of(Message.of(OffsetFetchRequest.OffsetFetchRequestGroup.SCHEMA)
                .set(OffsetFetchRequest.OffsetFetchRequestGroup.GROUP_ID, group)
                .set(OffsetFetchRequest.OffsetFetchRequestGroup.TOPICS, ts)));
    }

    Message fetch(short v, String group, Map<String, List<Integer>> topics) {
        return call(ApiKey.OFFSET_FETCH, v, fetchRequest(v, group, topics));
    }

    // ------------------------------------------------------------ describe

    Message describe(short v, String group) {
        Message m = DescribeGroupsRequest.SCHEMA.newMessage().set(DescribeGroupsRequest.GROUPS, List.of(group));
        Message r = call(ApiKey.DESCRIBE_GROUPS, v, m);
        return r.get(DescribeGroupsResponse.GROUPS).get(0);
    }

    Message describe(String group) {
        return describe((short) 6, group);
    }

    String state(String group) {
        return describe((short) 5, group).get(DescribeGroupsResponse.DescribedGroup.GROUP_STATE);
    }
}
