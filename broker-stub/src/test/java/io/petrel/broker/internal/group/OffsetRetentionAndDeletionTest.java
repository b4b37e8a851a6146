package io.petrel.broker.internal.group;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DeleteGroupsRequest;
import io.petrel.protocol.schemas.DeleteGroupsResponse;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.OffsetDeleteRequest;
import io.petrel.protocol.schemas.OffsetDeleteResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aConsumerGroupsOffsetsExpireRetentionAfterItBecameEmptyNotWhileItHasMembers() throws Exception {
        try (GroupHarness h = new GroupHarness(dir, Duration.ZERO)) {
            GroupHarness.Member m = h.formGroup("g", 1).get(0);
            h.commit((short) 9, "g", m.generation(), m.memberId(), Map.of("t", Map.of(0, 5L)));
            h.advance(Duration.ofDays(10));
            for (int i = 0; i < 3; i++) {
                h.heartbeat("g", m.generation(), m.memberId());
            }
            h.coordinator().expireOffsets();
            assertEquals(Map.of("t", Map.of(0, 5L)), fetched(h.fetch((short) 9, "g", null)), "the group has a member");

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
