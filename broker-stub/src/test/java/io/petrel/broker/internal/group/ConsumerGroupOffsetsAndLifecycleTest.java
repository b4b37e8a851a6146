package io.petrel.broker.internal.group;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerGroupDescribeRequest;
import io.petrel.protocol.schemas.ConsumerGroupDescribeResponse;
import io.petrel.protocol.schemas.DeleteGroupsRequest;
import io.petrel.protocol.schemas.DeleteGroupsResponse;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.ListGroupsRequest;
import io.petrel.protocol.schemas.ListGroupsResponse;
import io.petrel.protocol.schemas.OffsetDeleteRequest;
import io.petrel.protocol.schemas.OffsetDeleteResponse;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consumer-protocol groups beside the other group APIs: offsets committed and fetched with member epochs, ListGroups
 * and DescribeGroups, DeleteGroups and OffsetDelete, a restart, and conversion of Empty groups between the kinds.
 */
class ConsumerGroupOffsetsAndLifecycleTest {
    @TempDir
    Path dir;
    MutableTopics topics;
    GroupHarness h;

    @BeforeEach
    void open() throws Exception {
        topics = new MutableTopics().create("orders", 2).create("audit", 1);
        h = new GroupHarness(dir, Duration.ZERO, topics);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private ErrorCode commit(short v, String group, int epoch, String memberId, long offset) {
        List<ErrorCode> errors = OffsetCommitFetchTest.commitErrors(
                h.commit(v, group, epoch, memberId, Map.of("orders", Map.of(0, offset))));
        return errors.get(0);
    }

    private ErrorCode fetchAs(String group, String memberId, int epoch) {
        Message request = GroupHarness.fetchRequest((short) 9, group, null);
        request.get(OffsetFetchRequest.GROUPS).get(0)
                .set(OffsetFetchRequest.OffsetFetchRequestGroup.MEMBER_ID, memberId)
                .set(OffsetFetchRequest.OffsetFetchRequestGroup.MEMBER_EPOCH, epoch);
        Message r = h.call(ApiKey.OFFSET_FETCH, (short) 9, request);
        return ErrorCode.forCode(r.get(OffsetFetchResponse.GROUPS).get(0)
                .get(OffsetFetchResponse.OffsetFetchResponseGroup.ERROR_CODE));
    }

    @Test
    void commitsCarryTheMemberEpoch() {
        ProtocolMember a = new ProtocolMember(h, "g", null);
        a.join("orders");
        assertEquals(ErrorCode.NONE, commit((short) 9, "g", a.epoch, a.memberId, 10));
        assertEquals(ErrorCode.STALE_MEMBER_EPOCH, commit((short) 9, "g", a.epoch + 1, a.memberId, 11));
        ProtocolMember b = new ProtocolMember(h, "g", null);
        b.join("orders");
        a.settle();
        assertEquals(2, a.epoch);
        int kept = a.owned.partitions(topics.id("orders")).first();
        Map<String, Map<Integer, Long>> both = Map.of("orders", Map.of(kept, 12L, 1 - kept, 12L));
        List<ErrorCode> olderEpoch = OffsetCommitFetchTest.commitErrors(h.commit((short) 9, "g", 1, a.memberId, both));
        // As Kafka 4.3: an older epoch is fine for a partition held since then, stale for one given up since.
        assertEquals(2, olderEpoch.size());
        assertTrue(olderEpoch.contains(ErrorCode.NONE) && olderEpoch.contains(ErrorCode.STALE_MEMBER_EPOCH),
                olderEpoch.toString());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, commit((short) 9, "g", 1, "nobody", 12));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, commit((short) 9, "g", -1, "", 12),
                "the admin may not commit while the group has members");
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, commit((short) 8, "g", a.epoch, a.memberId, 12));
        Map<Integer, Long> stored = OffsetCommitFetchTest.fetched(h.fetch((short) 9, "g", null)).get("orders");
        assertEquals(12L, stored.get(kept));
        assertTrue(!Long.valueOf(12L).equals(stored.get(1 - kept)), "the stale partition was not stored: " + stored);

        assertEquals(ErrorCode.NONE, fetchAs("g", a.memberId, a.epoch));
        assertEquals(ErrorCode.STALE_MEMBER_EPOCH, fetchAs("g", a.memberId, 1));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, fetchAs("g", "nobody", 3));

        a.leave(-1);
        b.leave(-1);
        assertEquals(ErrorCode.NONE, commit((short) 9, "g", -1, "", 20), "the admin commits to an Empty group");
        assertEquals(Map.of("orders", Map.of(0, 20L)), OffsetCommitFetchTest.fetched(h.fetch((short) 9, "g", null)));
    }

    private Map<String, Message> list(List<String> types) {
        Message r = h.call(ApiKey.LIST_GROUPS, (short) 5, ListGroupsRequest.SCHEMA.newMessage()
                .set(ListGroupsRequest.STATES_FILTER, List.of()).set(ListGroupsRequest.TYPES_FILTER, types));
        return r.get(ListGroupsResponse.GROUPS).stream().collect(Collectors.toMap(
                g -> g.get(ListGroupsResponse.ListedGroup.GROUP_ID), g -> g));
    }

    private ErrorCode delete(String group) {
        Message r = h.call(ApiKey.DELETE_GROUPS, (short) 2, DeleteGroupsRequest.SCHEMA.newMessage()
                .set(DeleteGroupsRequest.GROUPS_NAMES, List.of(group)));
        return ErrorCode.forCode(r.get(DeleteGroupsResponse.RESULTS).get(0)
                .get(DeleteGroupsResponse.DeletableGroupResult.ERROR_CODE));
    }

    @Test
    void listDescribeAndDeleteTreatAConsumerGroupAsKafkaDoes() {
        h.formGroup("classic-g", 1);
        ProtocolMember a = new ProtocolMember(h, "g", null);
        a.join("orders");
        Map<String, Message> all = list(List.of());
        assertEquals("consumer", all.get("g").get(ListGroupsResponse.ListedGroup.GROUP_TYPE));
        assertEquals("consumer", all.get("g").get(ListGroupsResponse.ListedGroup.PROTOCOL_TYPE));
        assertEquals("Stable", all.get("g").get(ListGroupsResponse.ListedGroup.GROUP_STATE));
        assertEquals("classic", all.get("classic-g").get(ListGroupsResponse.ListedGroup.GROUP_TYPE));
        assertEquals(List.of("g"), List.copyOf(list(List.of("Consumer")).keySet()));
        assertEquals(List.of("classic-g"), List.copyOf(list(List.of("classic")).keySet()));

        Message described = h.describe("g");
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND.code(), described.get(DescribeGroupsResponse.DescribedGroup.ERROR_CODE));
        assertEquals("Group g is not a classic group.",
                described.get(DescribeGroupsResponse.DescribedGroup.ERROR_MESSAGE));
        Message asConsumer = h.call(ApiKey.CONSUMER_GROUP_DESCRIBE, (short) 0, ConsumerGroupDescribeRequest.SCHEMA
                .newMessage().set(ConsumerGroupDescribeRequest.GROUP_IDS, List.of("classic-g", "missing")));
        List<Message> groups = asConsumer.get(ConsumerGroupDescribeResponse.GROUPS);
        assertEquals("Group classic-g is not a consumer group.",
                groups.get(0).get(ConsumerGroupDescribeResponse.DescribedGroup.ERROR_MESSAGE));
        assertEquals("Group missing not found.",
                groups.get(1).get(ConsumerGroupDescribeResponse.DescribedGroup.ERROR_MESSAGE));

        commit((short) 9, "g", a.epoch, a.memberId, 5);
        h.commit((short) 9, "g", a.epoch, a.memberId, Map.of("audit", Map.of(0, 3L)));
        Message p = Message.of(OffsetDeleteRequest.OffsetDeleteRequestPartition.SCHEMA)
                .set(OffsetDeleteRequest.OffsetDeleteRequestPartition.PARTITION_INDEX, 0);
        Message offsetDelete = h.call(ApiKey.OFFSET_DELETE, (short) 0, OffsetDeleteRequest.SCHEMA.newMessage()
                .set(OffsetDeleteRequest.GROUP_ID, "g")
                .set(OffsetDeleteRequest.TOPICS, List.of(
                        Message.of(OffsetDeleteRequest.OffsetDeleteRequestTopic.SCHEMA)
                                .set(OffsetDeleteRequest.OffsetDeleteRequestTopic.NAME, "orders")
                                .set(OffsetDeleteRequest.OffsetDeleteRequestTopic.PARTITIONS, List.of(p)),
                        Message.of(OffsetDeleteRequest.OffsetDeleteRequestTopic.SCHEMA)
                                .set(OffsetDeleteRequest.OffsetDeleteRequestTopic.NAME, "audit")
                                .set(OffsetDeleteRequest.OffsetDeleteRequestTopic.PARTITIONS, List.of(p)))));
        List<Message> deletedTopics = offsetDelete.get(OffsetDeleteResponse.TOPICS);
        assertEquals(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC.code(), deletedTopics.get(0)
                .get(OffsetDeleteResponse.OffsetDeleteResponseTopic.PARTITIONS).get(0)
                .get(OffsetDeleteResponse.OffsetDeleteResponsePartition.ERROR_CODE));
        assertEquals(Map.of("orders", Map.of(0, 5L)), OffsetCommitFetchTest.fetched(h.fetch((short) 9, "g", null)));

        assertEquals(ErrorCode.NON_EMPTY_GROUP, delete("g"));
        a.leave(-1);
        assertEquals("Empty", list(List.of()).get("g").get(ListGroupsResponse.ListedGroup.GROUP_STATE));
        assertEquals(ErrorCode.NONE, delete("g"));
        assertTrue(!list(List.of()).containsKey("g"));
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, delete("g"));
    }

    @Test
    void anEmptyConsumerGroupsOffsetsExpireAfterTheRetentionAndTheGroupGoes() {
        ProtocolMember a = new ProtocolMember(h, "g", null);
        a.join("orders");
        commit((short) 9, "g", a.epoch, a.memberId, 5);
        h.advance(Duration.ofDays(8));
        a.heartbeat();
        h.coordinator().expireOffsets();
        assertEquals(Map.of("orders", Map.of(0, 5L)), OffsetCommitFetchTest.fetched(h.fetch((short) 9, "g", null)),
                "a live group keeps the offsets of topics it subscribes to");
        a.leave(-1);
        h.advance(Duration.ofDays(7).minusMinutes(1));
        h.coordinator().expireOffsets();
        assertTrue(list(List.of()).containsKey("g"), "Empty for less than the retention");
        h.advance(Duration.ofMinutes(1));
        h.coordinator().expireOffsets();
        assertTrue(!list(List.of()).containsKey("g"), "Empty for the retention: offsets and group gone");
    }

    @Test
    void aConsumerGroupAndItsOffsetsComeBackAfterARestart() throws Exception {
        ProtocolMember a = new ProtocolMember(h, "g", null);
        ProtocolMember b = new ProtocolMember(h, "g", "static-b");
        a.join(List.of(), "ord.*", "range");
        b.join("orders", "audit");
        for (int i = 0; i < 3; i++) {
            a.settle();
            b.settle();
        }
        commit((short) 9, "g", a.epoch, a.memberId, 42);
        Message before = describeMembers();

        h.restart();

        assertEquals(before, describeMembers(), "epochs, subscriptions and assignments survive");
        assertEquals(Map.of("orders", Map.of(0, 42L)), OffsetCommitFetchTest.fetched(h.fetch((short) 9, "g", null)));
        int epochA = a.epoch;
        ProtocolMember.Reply r = a.heartbeat();
        assertEquals(ErrorCode.NONE, r.error(), "a member that stayed up carries on at its epoch");
        assertEquals(epochA, r.epoch());
        assertEquals(ErrorCode.NONE, b.heartbeat().error());
    }

    private Message describeMembers() {
        Message r = h.call(ApiKey.CONSUMER_GROUP_DESCRIBE, (short) 1, ConsumerGroupDescribeRequest.SCHEMA.newMessage()
                .set(ConsumerGroupDescribeRequest.GROUP_IDS, List.of("g")));
        return r.get(ConsumerGroupDescribeResponse.GROUPS).get(0);
    }

    @Test
    void emptyGroupsConvertBetweenTheClassicAndTheConsumerProtocol() throws Exception {
        GroupHarness.Member classic = h.formGroup("g", 1).get(0);
        ProtocolMember early = new ProtocolMember(h, "g", null);
        ProtocolMember.Reply refused = early.join("orders");
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, refused.error(),
                "a classic group with members whose metadata is no consumer subscription cannot be upgraded");
        assertEquals("Cannot upgrade the classic group g to consumer group because the embedded consumer protocol is "
                + "malformed.", refused.message());

        h.leave((short) 5, "g", classic.memberId(), null);
        h.commit((short) 9, "g", -1, "", Map.of("orders", Map.of(1, 7L)));
        ProtocolMember a = new ProtocolMember(h, "g", null);
        assertEquals(ErrorCode.NONE, a.join("orders").error(), "an Empty classic group becomes a consumer group");
        assertEquals("consumer", list(List.of()).get("g").get(ListGroupsResponse.ListedGroup.GROUP_TYPE));
        assertEquals(Map.of("orders", Map.of(1, 7L)), OffsetCommitFetchTest.fetched(h.fetch((short) 9, "g", null)),
                "the offsets stay with the group");

        Message join = h.send(ApiKey.JOIN_GROUP, (short) 9, GroupHarness.joinRequest((short) 9, "g", "", null,
                "connect", Map.of("range", GroupHarness.bytes("sub")))).join();
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code(), join.get(JoinGroupResponse.ERROR_CODE),
                "a consumer group with members takes in classic members of the consumer protocol type only");
        a.leave(-1);
        h.restart();
        assertEquals("consumer", list(List.of()).get("g").get(ListGroupsResponse.ListedGroup.GROUP_TYPE));
        String memberId = h.memberIdFor("g");
        assertEquals(ErrorCode.NONE.code(), h.join("g", memberId).join().get(JoinGroupResponse.ERROR_CODE),
                "an Empty consumer group becomes a classic group");
        assertEquals("classic", list(List.of()).get("g").get(ListGroupsResponse.ListedGroup.GROUP_TYPE));
        h.restart();
        assertEquals("classic", list(List.of()).get("g").get(ListGroupsResponse.ListedGroup.GROUP_TYPE));
        assertEquals(Map.of("orders", Map.of(1, 7L)), OffsetCommitFetchTest.fetched(h.fetch((short) 9, "g", null)));
    }
}
