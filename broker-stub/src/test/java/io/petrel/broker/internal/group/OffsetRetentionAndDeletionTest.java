package io.petrel.broker.internal.group;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DeleteGroupsRequest;
import io.petrel.protocol.schemas.DeleteGroupsResponse;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.OffsetDeleteRequest;
import io.petrel.protocol.schemas.OffsetDeleteResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.petrel.broker.internal.group.OffsetCommitFetchTest.fetched;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DeleteGroups, OffsetDelete and offset retention (offsets.retention.minutes, 7 days by default) on a manual
 * clock, each journaled so it holds after a restart.
 */
class OffsetRetentionAndDeletionTest {
    private static final Duration RETENTION = Duration.ofDays(7);

    @TempDir
    Path dir;

    private static ErrorCode deleteGroup(GroupHarness h, String group) {
        Message r = h.call(ApiKey.DELETE_GROUPS, (short) 2, DeleteGroupsRequest.SCHEMA.newMessage()
                .set(DeleteGroupsRequest.GROUPS_NAMES, List.of(group)));
        return ErrorCode.forCode(r.get(DeleteGroupsResponse.RESULTS).get(0)
                .get(DeleteGroupsResponse.DeletableGroupResult.ERROR_CODE));
    }

    private static Message offsetDelete(GroupHarness h, String group, String topic, int partition) {
        Message p = Message.of(OffsetDeleteRequest.OffsetDeleteRequestPartition.SCHEMA)
                .set(OffsetDeleteRequest.OffsetDeleteRequestPartition.PARTITION_INDEX, partition);
        Message t = Message.of(OffsetDeleteRequest.OffsetDeleteRequestTopic.SCHEMA)
                .set(OffsetDeleteRequest.OffsetDeleteRequestTopic.NAME, topic)
                .set(OffsetDeleteRequest.OffsetDeleteRequestTopic.PARTITIONS, List.of(p));
        return h.call(ApiKey.OFFSET_DELETE, (short) 0, OffsetDeleteRequest.SCHEMA.newMessage()
                .set(OffsetDeleteRequest.GROUP_ID, group)
                .set(OffsetDeleteRequest.TOPICS, List.of(t)));
    }

    @Test
    void anEmptyGroupIsDeletedAndStaysDeletedAfterARestart() throws Exception {
        try (GroupHarness h = new GroupHarness(dir, Duration.ZERO)) {
            GroupHarness.Member m = h.formGroup("g", 1).get(0);
            h.commit((short) 9, "g", m.generation(), m.memberId(), Map.of("t", Map.of(0, 5L)));

            assertEquals(ErrorCode.NON_EMPTY_GROUP, deleteGroup(h, "g"));
            h.leave((short) 5, "g", m.memberId(), null);
            assertEquals(ErrorCode.NONE, deleteGroup(h, "g"));
            assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, deleteGroup(h, "g"));
            assertEquals(ErrorCode.INVALID_GROUP_ID, deleteGroup(h, ""));

            h.restart();
            assertEquals(Map.of(), fetched(h.fetch((short) 9, "g", null)));
            assertEquals("Dead", h.describe("g").get(DescribeGroupsResponse.DescribedGroup.GROUP_STATE));
        }
    }

    @Test
    void offsetDeleteRemovesOnePartitionDurablyAndRefusesUnknownGroups() throws Exception {
        try (GroupHarness h = new GroupHarness(dir, Duration.ZERO)) {
            h.commit((short) 9, "tool", -1, "", Map.of("t", Map.of(0, 1L, 1, 2L)));

            Message r = offsetDelete(h, "tool", "t", 0);
            assertEquals(ErrorCode.NONE.code(), r.get(OffsetDeleteResponse.ERROR_CODE));
            h.restart();
            assertEquals(Map.of("t", Map.of(1, 2L)), fetched(h.fetch((short) 9, "tool", null)));

            assertEquals(ErrorCode.GROUP_ID_NOT_FOUND.code(),
                    offsetDelete(h, "nobody", "t", 0).get(OffsetDeleteResponse.ERROR_CODE));
        }
    }

    @Test
    void offsetsCommittedWithoutAGroupExpireRetentionAfterTheirCommit() throws Exception {
        try (GroupHarness h = new GroupHarness(dir, Duration.ZERO)) {
            h.commit((short) 9, "tool", -1, "", Map.of("t", Map.of(0, 1L)));
            h.advance(Duration.ofDays(1));
            h.commit((short) 9, "tool", -1, "", Map.of("t", Map.of(1, 2L)));

            h.advance(RETENTION.minusDays(1).minusMillis(1));
            h.coordinator().expireOffsets();
            assertEquals(Map.of("t", Map.of(0, 1L, 1, 2L)), fetched(h.fetch((short) 9, "tool", null)));

            h.advance(Duration.ofMillis(1));
            h.coordinator().expireOffsets();
            assertEquals(Map.of("t", Map.of(1, 2L)), fetched(h.fetch((short) 9, "tool", null)));

            h.advance(Duration.ofDays(1));
            h.coordinator().expireOffsets();
            h.restart();
            assertEquals(Map.of(), fetched(h.fetch((short) 9, "tool", null)));
            assertEquals("Dead", h.describe("tool").get(DescribeGroupsResponse.DescribedGroup.GROUP_STATE),
                    "a group left with no offsets is removed");
        }
    }

    /** Kafka's ConsumerProtocolSubscription v0 for these topics. */
    private static byte[] subscription(String... topics) {
        int size = 2 + 4 + 4;
        for (String t : topics) {
            size += 2 + t.length();
        }
        ByteBuffer b = ByteBuffer.allocate(size).putShort((short) 0).putInt(topics.length);
        for (String t : topics) {
            b.putShort((short) t.length()).put(t.getBytes(StandardCharsets.UTF_8));
        }
        return b.putInt(-1).array();
    }

    @Test
    void aStableConsumerGroupsOffsetsOfTopicsNoMemberSubscribesToExpireAfterTheirCommit() throws Exception {
        try (GroupHarness h = new GroupHarness(dir, Duration.ZERO)) {
            String id = h.memberIdFor("s");
            Message joined = h.join((short) 9, "s", id, null, subscription("t")).join();
            int generation = joined.get(JoinGroupResponse.GENERATION_ID);
            h.sync("s", generation, id, null, Map.of(id, GroupHarness.bytes("a"))).join();
            h.commit((short) 9, "s", generation, id, Map.of("t", Map.of(0, 5L), "u", Map.of(0, 7L)));

            h.advance(RETENTION);
            h.heartbeat("s", generation, id);
            h.coordinator().expireOffsets();

            assertEquals(Map.of("t", Map.of(0, 5L)), fetched(h.fetch((short) 9, "s", null)),
                    "u's offset expired; t is subscribed");
        }
    }

    @Test
    void aConsumerGroupsOffsetsExpireRetentionAfterItBecameEmptyNotWhileItHasMembers() throws Exception {
        try (GroupHarness h = new GroupHarness(dir, Duration.ZERO)) {
            GroupHarness.Member m = h.formGroup("g", 1).get(0);
            h.commit((short) 9, "g", m.generation(), m.memberId(), Map.of("t", Map.of(0, 5L)));
            h.advance(Duration.ofDays(10));
            h.coordinator().expireOffsets();
            assertEquals(Map.of("t", Map.of(0, 5L)), fetched(h.fetch((short) 9, "g", null)),
                    "the group has a member, and its subscription is unknown");

            h.leave((short) 5, "g", m.memberId(), null);
            h.advance(RETENTION.minusMillis(1));
            h.coordinator().expireOffsets();
            assertEquals(Map.of("t", Map.of(0, 5L)), fetched(h.fetch((short) 9, "g", null)));

            h.advance(Duration.ofMillis(1));
            h.coordinator().expireOffsets();
            assertEquals(Map.of(), fetched(h.fetch((short) 9, "g", null)));
        }
    }
}
