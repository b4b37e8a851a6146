package io.petrel.broker.internal.group;

import io.petrel.broker.internal.group.GroupHarness.Member;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.OffsetCommitRequest;
import io.petrel.protocol.schemas.OffsetCommitResponse;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseGroup;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponsePartition;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponsePartitions;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseTopic;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetCommitFetchTest {
    @TempDir
    Path dir;
    GroupHarness h;

    @BeforeEach
    void open() throws Exception {
        h = new GroupHarness(dir, Duration.ofSeconds(3));
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** Every partition error of a commit response, in order. */
    static List<ErrorCode> commitErrors(Message response) {
        List<ErrorCode> errors = new ArrayList<>();
        for (Message t : response.get(OffsetCommitResponse.TOPICS)) {
            for (Message p : t.get(OffsetCommitResponse.OffsetCommitResponseTopic.PARTITIONS)) {
                errors.add(ErrorCode.forCode(p.get(OffsetCommitResponse.OffsetCommitResponsePartition.ERROR_CODE)));
            }
        }
        return errors;
    }

    /** topic -> partition -> committed offset, from a v8+ fetch of one group. */
    static Map<String, Map<Integer, Long>> fetched(Message response) {
        Message group = response.get(OffsetFetchResponse.GROUPS).get(0);
        assertEquals(ErrorCode.NONE.code(), group.get(OffsetFetchResponseGroup.ERROR_CODE));
        Map<String, Map<Integer, Long>> out = new LinkedHashMap<>();
        for (Message t : group.get(OffsetFetchResponseGroup.TOPICS)) {
            Map<Integer, Long> ps = new LinkedHashMap<>();
            for (Message p : t.get(OffsetFetchResponseTopics.PARTITIONS)) {
                ps.put(p.get(OffsetFetchResponsePartitions.PARTITION_INDEX), p.get(OffsetFetchResponsePartitions.COMMITTED_OFFSET));
            }
            out.put(t.get(OffsetFetchResponseTopics.NAME), ps);
        }
        return out;
    }

    @Test
    void committedOffsetsAreFetchedBack() {
        List<Member> members = h.formGroup("g", 1);
        Member m = members.get(0);
        Message commit = h.commit((short) 9, "g", m.generation(), m.memberId(),
                Map.of("orders", Map.of(0, 42L, 1, 7L)));
        assertEquals(List.of(ErrorCode.NONE, ErrorCode.NONE), commitErrors(commit));

        Message v9 = h.fetch((short) 9, "g", Map.of("orders", List.of(0, 1, 2)));
        Message topic = v9.get(OffsetFetchResponse.GROUPS).get(0).get(OffsetFetchResponseGroup.TOPICS).get(0);
        List<Message> ps = topic.get(OffsetFetchResponseTopics.PARTITIONS);
        assertEquals(42L, ps.get(0).get(OffsetFetchResponsePartitions.COMMITTED_OFFSET));
        assertEquals("meta-42", ps.get(0).get(OffsetFetchResponsePartitions.METADATA));
        assertEquals(3, ps.get(0).get(OffsetFetchResponsePartitions.COMMITTED_LEADER_EPOCH));
        assertEquals(7L, ps.get(1).get(OffsetFetchResponsePartitions.COMMITTED_OFFSET));
        assertEquals(-1L, ps.get(2).get(OffsetFetchResponsePartitions.COMMITTED_OFFSET), "nothing committed");
        assertEquals(-1, ps.get(2).get(OffsetFetchResponsePartitions.COMMITTED_LEADER_EPOCH));
        assertEquals("", ps.get(2).get(OffsetFetchResponsePartitions.METADATA));

        // The single-group versions see the same offsets.
        Message v3 = h.fetch((short) 3, "g", Map.of("orders", List.of(1)));
        Message p = v3.get(OffsetFetchResponse.TOPICS).get(0).get(OffsetFetchResponseTopic.PARTITIONS).get(0);
        assertEquals(7L, p.get(OffsetFetchResponsePartition.COMMITTED_OFFSET));
        assertEquals(ErrorCode.NONE.code(), v3.get(OffsetFetchResponse.ERROR_CODE));
    }

    @Test
    void nullTopicsFetchesEveryCommittedOffset() {
        assertEquals(List.of(ErrorCode.NONE, ErrorCode.NONE, ErrorCode.NONE), commitErrors(h.commit((short) 8, "simple", -1, "",
                Map.of("b-topic", Map.of(3, 30L), "a-topic", Map.of(1, 10L, 0, 5L)))));
        Map<String, Map<Integer, Long>> all = fetched(h.fetch((short) 8, "simple", null));
        assertEquals(Map.of("a-topic", Map.of(0, 5L, 1, 10L), "b-topic", Map.of(3, 30L)), all);
        assertEquals(List.of("a-topic", "b-topic"), new ArrayList<>(all.keySet()));

        Message v2 = h.fetch((short) 2, "simple", null);
        assertEquals(2, v2.get(OffsetFetchResponse.TOPICS).size());
        assertTrue(fetched(h.fetch((short) 9, "no-such-group", null)).isEmpty());
    }

    @Test
    void aCommitWithAStaleGenerationIsIllegal() {
        List<Member> members = h.formGroup("g", 1);
        Member m = members.get(0);
        assertEquals(List.of(ErrorCode.ILLEGAL_GENERATION),
                commitErrors(h.commit((short) 9, "g", m.generation() + 1, m.memberId(), Map.of("t", Map.of(0, 1L)))));
        assertEquals(List.of(ErrorCode.UNKNOWN_MEMBER_ID),
                commitErrors(h.commit((short) 9, "g", m.generation(), "stranger", Map.of("t", Map.of(0, 1L)))));
        // A simple commit is refused while the group has members.
        assertEquals(List.of(ErrorCode.UNKNOWN_MEMBER_ID),
                commitErrors(h.commit((short) 9, "g", -1, "", Map.of("t", Map.of(0, 1L)))));
        assertTrue(fetched(h.fetch((short) 9, "g", null)).isEmpty());
    }

    @Test
    void aCommitDuringCompletingRebalanceMustWaitForTheAssignment() {
        List<Member> members = h.formGroup("g", 1);
        String a = members.get(0).memberId();
        String b = h.memberIdFor("g");
        CompletableFuture<Message> joinB = h.join("g", b);
        Message rejoin = h.join("g", a).join();
        assertTrue(joinB.isDone());
        int generation = rejoin.get(io.petrel.protocol.schemas.JoinGroupResponse.GENERATION_ID);
        assertEquals(List.of(ErrorCode.REBALANCE_IN_PROGRESS),
                commitErrors(h.commit((short) 9, "g", generation, a, Map.of("t", Map.of(0, 1L)))));
    }

    @Test
    void commitsToAnUnknownGroupWithAGenerationFailAsKafkaDoes() {
        assertEquals(List.of(ErrorCode.GROUP_ID_NOT_FOUND),
                commitErrors(h.commit((short) 9, "ghost", 3, "m", Map.of("t", Map.of(0, 1L)))));
        assertEquals(List.of(ErrorCode.ILLEGAL_GENERATION),
                commitErrors(h.commit((short) 8, "ghost", 3, "m", Map.of("t", Map.of(0, 1L)))));
        assertEquals(List.of(ErrorCode.INVALID_GROUP_ID),
                commitErrors(h.commit((short) 9, "", -1, "", Map.of("t", Map.of(0, 1L)))));
    }

    @Test
    void aSimpleCommitCreatesAnEmptyGroup() {
        assertEquals(List.of(ErrorCode.NONE), commitErrors(h.commit((short) 2, "tool", -1, "", Map.of("t", Map.of(0, 9L)))));
        assertEquals("Empty", h.state("tool"));
        assertEquals(Map.of("t", Map.of(0, 9L)), fetched(h.fetch((short) 8, "tool", null)));
    }

    @Test
    void oversizedMetadataIsRefusedPerPartition() {
        Message request = GroupHarness.commitRequest((short) 9, "g", -1, "", Map.of("t", Map.of(0, 1L, 1, 2L)));
        Message partition = request.get(OffsetCommitRequest.TOPICS).get(0)
                .get(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS).get(1);
        partition.set(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_METADATA, "x".repeat(4097));
        Message response = h.call(ApiKey.OFFSET_COMMIT, (short) 9, request);
        List<ErrorCode> errors = commitErrors(response);
        assertTrue(errors.contains(ErrorCode.OFFSET_METADATA_TOO_LARGE), errors.toString());
        assertTrue(errors.contains(ErrorCode.NONE), errors.toString());
        assertEquals(1, fetched(h.fetch((short) 9, "g", null)).get("t").size());
    }

    @Test
    void nullMetadataIsStoredAsEmpty() {
        Message request = GroupHarness.commitRequest((short) 7, "g", -1, "", Map.of("t", Map.of(0, 1L)));
        request.get(OffsetCommitRequest.TOPICS).get(0).get(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS).get(0)
                .set(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_METADATA, null);
        h.call(ApiKey.OFFSET_COMMIT, (short) 7, request);
        Message p = h.fetch((short) 7, "g", Map.of("t", List.of(0))).get(OffsetFetchResponse.TOPICS).get(0)
                .get(OffsetFetchResponseTopic.PARTITIONS).get(0);
        assertEquals("", p.get(OffsetFetchResponsePartition.METADATA));
        assertEquals(1L, p.get(OffsetFetchResponsePartition.COMMITTED_OFFSET));
    }

    @Test
    void fetchingForAnEmptyGroupIdIsInvalid() {
        Message v8 = h.fetch((short) 8, "", null);
        assertEquals(ErrorCode.INVALID_GROUP_ID.code(),
                v8.get(OffsetFetchResponse.GROUPS).get(0).get(OffsetFetchResponseGroup.ERROR_CODE));
        Message v5 = h.fetch((short) 5, "", Map.of("t", List.of(0)));
        assertEquals(ErrorCode.INVALID_GROUP_ID.code(), v5.get(OffsetFetchResponse.ERROR_CODE));
        Message v1 = h.fetch((short) 1, "", Map.of("t", List.of(0)));
        assertEquals(ErrorCode.INVALID_GROUP_ID.code(), v1.get(OffsetFetchResponse.TOPICS).get(0)
                .get(OffsetFetchResponseTopic.PARTITIONS).get(0).get(OffsetFetchResponsePartition.ERROR_CODE));
    }

    @Test
    void aBatchFetchAnswersEachGroup() {
        h.commit((short) 9, "one", -1, "", Map.of("t", Map.of(0, 1L)));
        h.commit((short) 9, "two", -1, "", Map.of("t", Map.of(0, 2L)));
        Message request = OffsetFetchRequest.SCHEMA.newMessage().set(OffsetFetchRequest.GROUPS, List.of(
                Message.of(OffsetFetchRequest.OffsetFetchRequestGroup.SCHEMA)
                        .set(OffsetFetchRequest.OffsetFetchRequestGroup.GROUP_ID, "one")
                        .set(OffsetFetchRequest.OffsetFetchRequestGroup.TOPICS, null),
                Message.of(OffsetFetchRequest.OffsetFetchRequestGroup.SCHEMA)
                        .set(OffsetFetchRequest.OffsetFetchRequestGroup.GROUP_ID, "two")
                        .set(OffsetFetchRequest.OffsetFetchRequestGroup.TOPICS, null)));
        List<Message> groups = h.call(ApiKey.OFFSET_FETCH, (short) 9, request).get(OffsetFetchResponse.GROUPS);
        assertEquals("one", groups.get(0).get(OffsetFetchResponseGroup.GROUP_ID));
        assertEquals(2L, groups.get(1).get(OffsetFetchResponseGroup.TOPICS).get(0).get(OffsetFetchResponseTopics.PARTITIONS)
                .get(0).get(OffsetFetchResponsePartitions.COMMITTED_OFFSET));
    }

    @Test
    void requireStableAnswersUnstableWhereATransactionHoldsAnOffset() {
        h.commit((short) 9, "g", -1, "", Map.of("t", Map.of(0, 1L, 1, 2L)));
        h.coordinator().pendingTransactionalOffsets((group, topic, partition) -> group.equals("g") && partition == 1);
        for (Map<String, List<Integer>> topics : java.util.Arrays.asList(Map.of("t", List.of(0, 1)), null)) {
            Message stable = h.call(ApiKey.OFFSET_FETCH, (short) 9, GroupHarness.fetchRequest((short) 9, "g", topics)
                    .set(OffsetFetchRequest.REQUIRE_STABLE, true));
            List<Message> partitions = stable.get(OffsetFetchResponse.GROUPS).get(0).get(OffsetFetchResponseGroup.TOPICS)
                    .get(0).get(OffsetFetchResponseTopics.PARTITIONS);
            assertEquals(ErrorCode.NONE.code(), partitions.get(0).get(OffsetFetchResponsePartitions.ERROR_CODE));
            assertEquals(1L, partitions.get(0).get(OffsetFetchResponsePartitions.COMMITTED_OFFSET));
            assertEquals(ErrorCode.UNSTABLE_OFFSET_COMMIT.code(),
                    partitions.get(1).get(OffsetFetchResponsePartitions.ERROR_CODE), "asked for " + topics);
        }
        Message unstableAllowed = h.fetch((short) 9, "g", Map.of("t", List.of(1)));
        assertEquals(2L, unstableAllowed.get(OffsetFetchResponse.GROUPS).get(0).get(OffsetFetchResponseGroup.TOPICS)
                .get(0).get(OffsetFetchResponseTopics.PARTITIONS).get(0).get(OffsetFetchResponsePartitions.COMMITTED_OFFSET),
                "without require_stable the stored offset is answered");
    }

    @Test
    void deletingATopicDropsItsCommittedOffsets() {
        h.commit((short) 9, "g", -1, "", Map.of("gone", Map.of(0, 1L), "kept", Map.of(0, 2L)));
        h.coordinator().onTopicDeleted("gone");
        assertEquals(Map.of("kept", Map.of(0, 2L)), fetched(h.fetch((short) 9, "g", null)));
    }

    @Test
    void withoutTopicIdsTheTopicIdVersionsAreNotServed() {
        assertEquals(9, h.handler(ApiKey.OFFSET_COMMIT).versions().highest());
        assertEquals(9, h.handler(ApiKey.OFFSET_FETCH).versions().highest());
        assertEquals(2, h.handler(ApiKey.OFFSET_COMMIT).versions().lowest());
        assertEquals(1, h.handler(ApiKey.OFFSET_FETCH).versions().lowest());
    }

    /** Two topics: "orders" (2 partitions) and "audit" (1). */
    static final class TwoTopics implements TopicIdsAndPartitions {
        static final UUID ORDERS = new UUID(1, 1);
        static final UUID AUDIT = new UUID(2, 2);

        @Override
        public Optional<UUID> topicId(String topic) {
            return switch (topic) {
                case "orders" -> Optional.of(ORDERS);
                case "audit" -> Optional.of(AUDIT);
                default -> Optional.empty();
            };
        }

        @Override
        public Optional<String> topicName(UUID id) {
            return id.equals(ORDERS) ? Optional.of("orders") : id.equals(AUDIT) ? Optional.of("audit") : Optional.empty();
        }

        @Override
        public boolean hasPartition(String topic, int partition) {
            return topic.equals("orders") ? partition >= 0 && partition < 2 : topic.equals("audit") && partition == 0;
        }
    }

    @Test
    void withTopicIdsUnknownPartitionsAreRefusedAndTopicIdsServed(@TempDir Path other) throws Exception {
        try (GroupHarness c = new GroupHarness(other, Duration.ZERO, new TwoTopics())) {
            assertEquals(10, c.handler(ApiKey.OFFSET_COMMIT).versions().highest());
            Message byName = c.commit((short) 9, "g", -1, "", Map.of("orders", Map.of(0, 5L, 2, 6L)));
            List<ErrorCode> errors = commitErrors(byName);
            assertTrue(errors.contains(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION), errors.toString());
            assertEquals(Map.of("orders", Map.of(0, 5L)), fetched(c.fetch((short) 9, "g", null)));

            Message byId = OffsetCommitRequest.SCHEMA.newMessage()
                    .set(OffsetCommitRequest.GROUP_ID, "g")
                    .set(OffsetCommitRequest.TOPICS, List.of(
                            Message.of(OffsetCommitRequest.OffsetCommitRequestTopic.SCHEMA)
                                    .set(OffsetCommitRequest.OffsetCommitRequestTopic.TOPIC_ID, TwoTopics.AUDIT)
                                    .set(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS, List.of(
                                            Message.of(OffsetCommitRequest.OffsetCommitRequestPartition.SCHEMA)
                                                    .set(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_OFFSET, 11L))),
                            Message.of(OffsetCommitRequest.OffsetCommitRequestTopic.SCHEMA)
                                    .set(OffsetCommitRequest.OffsetCommitRequestTopic.TOPIC_ID, new UUID(9, 9))
                                    .set(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS, List.of(
                                            Message.of(OffsetCommitRequest.OffsetCommitRequestPartition.SCHEMA)))));
            Message response = c.call(ApiKey.OFFSET_COMMIT, (short) 10, byId);
            assertEquals(List.of(ErrorCode.NONE, ErrorCode.UNKNOWN_TOPIC_ID), commitErrors(response));
            assertEquals(TwoTopics.AUDIT, response.get(OffsetCommitResponse.TOPICS).get(0)
                    .get(OffsetCommitResponse.OffsetCommitResponseTopic.TOPIC_ID));

            Message all = c.call(ApiKey.OFFSET_FETCH, (short) 10, GroupHarness.fetchRequest((short) 9, "g", null));
            List<Message> topics = all.get(OffsetFetchResponse.GROUPS).get(0).get(OffsetFetchResponseGroup.TOPICS);
            assertEquals(TwoTopics.AUDIT, topics.get(0).get(OffsetFetchResponseTopics.TOPIC_ID));
            assertEquals(11L, topics.get(0).get(OffsetFetchResponseTopics.PARTITIONS).get(0)
                    .get(OffsetFetchResponsePartitions.COMMITTED_OFFSET));
            assertEquals(TwoTopics.ORDERS, topics.get(1).get(OffsetFetchResponseTopics.TOPIC_ID));

            Message byIds = OffsetFetchRequest.SCHEMA.newMessage().set(OffsetFetchRequest.GROUPS, List.of(
                    Message.of(OffsetFetchRequest.OffsetFetchRequestGroup.SCHEMA)
                            .set(OffsetFetchRequest.OffsetFetchRequestGroup.GROUP_ID, "g")
                            .set(OffsetFetchRequest.OffsetFetchRequestGroup.TOPICS, List.of(
                                    Message.of(OffsetFetchRequest.OffsetFetchRequestTopics.SCHEMA)
                                            .set(OffsetFetchRequest.OffsetFetchRequestTopics.TOPIC_ID, TwoTopics.ORDERS)
                                            .set(OffsetFetchRequest.OffsetFetchRequestTopics.PARTITION_INDEXES, List.of(0, 1)),
                                    Message.of(OffsetFetchRequest.OffsetFetchRequestTopics.SCHEMA)
                                            .set(OffsetFetchRequest.OffsetFetchRequestTopics.TOPIC_ID, new UUID(9, 9))
                                            .set(OffsetFetchRequest.OffsetFetchRequestTopics.PARTITION_INDEXES, List.of(0))))));
            List<Message> answered = c.call(ApiKey.OFFSET_FETCH, (short) 10, byIds).get(OffsetFetchResponse.GROUPS).get(0)
                    .get(OffsetFetchResponseGroup.TOPICS);
            List<Message> orders = answered.get(0).get(OffsetFetchResponseTopics.PARTITIONS);
            assertEquals(5L, orders.get(0).get(OffsetFetchResponsePartitions.COMMITTED_OFFSET));
            assertEquals(-1L, orders.get(1).get(OffsetFetchResponsePartitions.COMMITTED_OFFSET));
            assertEquals(ErrorCode.UNKNOWN_TOPIC_ID.code(), answered.get(1).get(OffsetFetchResponseTopics.PARTITIONS).get(0)
                    .get(OffsetFetchResponsePartitions.ERROR_CODE));
        }
    }
}
