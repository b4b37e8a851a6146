package io.petrel.broker.internal.group;

import io.petrel.broker.FlushPolicy;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseGroup;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponsePartitions;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.petrel.broker.internal.group.OffsetCommitFetchTest.fetched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetDurabilityTest {
    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve(OffsetsAndMembershipStore.FILE_NAME);
    }

    @Test
    void committedOffsetsSurviveARestart() throws Exception {
        try (GroupHarness h = new GroupHarness(dir, Duration.ofSeconds(3))) {
            GroupHarness.Member m = h.formGroup("g", 1).get(0);
            h.commit((short) 9, "g", m.generation(), m.memberId(), Map.of("orders", Map.of(0, 100L, 1, 200L)));
            h.commit((short) 9, "g", m.generation(), m.memberId(), Map.of("orders", Map.of(0, 150L)));
            h.commit((short) 3, "tool", -1, "", Map.of("audit", Map.of(4, 4L)));
            h.leave((short) 5, "g", m.memberId(), null);

            h.restart();

            assertEquals(Map.of("orders", Map.of(0, 150L, 1, 200L)), fetched(h.fetch((short) 9, "g", null)));
            Message p = h.fetch((short) 9, "g", Map.of("orders", List.of(0))).get(OffsetFetchResponse.GROUPS).get(0)
                    .get(OffsetFetchResponseGroup.TOPICS).get(0).get(OffsetFetchResponseTopics.PARTITIONS).get(0);
            assertEquals("meta-150", p.get(OffsetFetchResponsePartitions.METADATA));
            assertEquals(3, p.get(OffsetFetchResponsePartitions.COMMITTED_LEADER_EPOCH));
            assertEquals(Map.of("audit", Map.of(4, 4L)), fetched(h.fetch((short) 9, "tool", null)));

            // The member left, the group did not: it is Empty, still of type consumer, and its old member
            // is unknown (so a consumer rejoins) rather than the group being missing.
            Message described = h.describe("g");
            assertEquals("Empty", described.get(DescribeGroupsResponse.DescribedGroup.GROUP_STATE));
            assertEquals("consumer", described.get(DescribeGroupsResponse.DescribedGroup.PROTOCOL_TYPE));
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("g", m.generation(), m.memberId()));
            assertEquals(List.of(ErrorCode.UNKNOWN_MEMBER_ID), OffsetCommitFetchTest.commitErrors(
                    h.commit((short) 9, "g", m.generation(), m.memberId(), Map.of("orders", Map.of(0, 1L)))));
        }
    }

    @Test
    void aTornTailIsIgnoredAndLaterCommitsStillSurvive() throws Exception {
        try (GroupHarness h = new GroupHarness(dir, Duration.ZERO)) {
            h.commit((short) 9, "g", -1, "", Map.of("t", Map.of(0, 1L)));
            h.commit((short) 9, "g", -1, "", Map.of("t", Map.of(0, 2L, 1, 2L)));
            h.stop();
            // A crash in the middle of writing the last entry.
            long size = Files.size(journal());
            try (FileChannel ch = FileChannel.open(journal(), StandardOpenOption.WRITE)) {
                ch.truncate(size - 5);
            }
            h.restart();
            assertEquals(Map.of("t", Map.of(0, 1L)), fetched(h.fetch((short) 9, "g", null)));

            h.commit((short) 9, "g", -1, "", Map.of("t", Map.of(0, 3L)));
            h.restart();
            assertEquals(Map.of("t", Map.of(0, 3L)), fetched(h.fetch((short) 9, "g", null)));
        }
    }

    @Test
    void garbageAndCorruptEntriesAtTheEndAreDropped() throws Exception {
        try (GroupHarness h = new GroupHarness(dir, Duration.ZERO)) {
            h.commit((short) 9, "g", -1, "", Map.of("t", Map.of(0, 1L)));
            long goodSize = Files.size(journal());
            h.commit((short) 9, "g", -1, "", Map.of("t", Map.of(0, 2L)));
            h.stop();
            // Flip the low byte of the second entry's committed offset (past the 8-byte length and CRC, the
            // type, "g", the count, "t" and the partition): it still parses, but its CRC no longer matches.
            long offsetLowByte = goodSize + 8 + 1 + 5 + 4 + 5 + 4 + 7;
            try (FileChannel ch = FileChannel.open(journal(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate(1);
                ch.read(b, offsetLowByte);
                assertEquals(2, b.get(0), "the byte is the low byte of offset 2");
                b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
                ch.write(b, offsetLowByte);
                ch.write(ByteBuffer.wrap(new byte[]{0, 0, 0, 9, 1, 2}), ch.size());
            }
            h.restart();
            assertEquals(Map.of("t", Map.of(0, 1L)), fetched(h.fetch((short) 9, "g", null)));
            assertEquals(goodSize, Files.size(journal()), "the bad tail was cut off");
        }
    }

    @Test
    void aFileThatIsNotAJournalIsRefused() throws Exception {
        Files.write(journal(), new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        assertThrows(IOException.class, () -> OffsetsAndMembershipStore.open(dir, FlushPolicy.osPageCache(), 0));
    }

    @Test
    void theJournalIsCompactedAndKeepsTheLatestOffsets() throws Exception {
        long threshold = 4096;
        try (OffsetsAndMembershipStore store = OffsetsAndMembershipStore.open(dir, FlushPolicy.everyAppend(),
                threshold, 0)) {
            store.recordGroup("g", "consumer");
            for (int i = 0; i < 500; i++) {
                store.commit("g", Map.of(new PartitionKey("t", i % 3), new CommittedOffset(i, -1, "m" + i, i)));
                assertTrue(store.journalBytes() <= threshold + 200, "journal stays bounded: " + store.journalBytes());
            }
            store.commit("other", Map.of(new PartitionKey("u", 0), new CommittedOffset(5, 1, "", 0)));
        }
        assertTrue(Files.size(journal()) < threshold + 200);
        assertTrue(Files.notExists(dir.resolve(OffsetsAndMembershipStore.FILE_NAME + ".tmp")));
        try (OffsetsAndMembershipStore store = OffsetsAndMembershipStore.open(dir, FlushPolicy.osPageCache(),
                threshold, 0)) {
            assertEquals(499L, store.offset("g", "t", 1).offset());
            assertEquals(498L, store.offset("g", "t", 0).offset());
            assertEquals("m497", store.offset("g", "t", 2).metadata());
            assertEquals(5L, store.offset("other", "u", 0).offset());
            assertEquals("consumer", store.knownGroups().get("g"));
        }
    }

    @Test
    void topicDeletionSurvivesARestart() throws Exception {
        try (OffsetsAndMembershipStore store = OffsetsAndMembershipStore.open(dir, FlushPolicy.osPageCache(), 0)) {
            store.commit("g", Map.of(new PartitionKey("gone", 0), new CommittedOffset(1, -1, "", 0),
                    new PartitionKey("kept", 0), new CommittedOffset(2, -1, "", 0)));
            store.deleteTopic("gone");
        }
        try (OffsetsAndMembershipStore store = OffsetsAndMembershipStore.open(dir, FlushPolicy.osPageCache(), 0)) {
            assertNull(store.offset("g", "gone", 0));
            assertNotNull(store.offset("g", "kept", 0));
        }
    }
}
