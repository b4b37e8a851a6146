package io.petrel.admin.internal;

import io.petrel.admin.DeletedRecords;
import io.petrel.admin.ListOffsetsResultInfo;
import io.petrel.admin.OffsetSpec;
import io.petrel.admin.RecordsToDelete;
import io.petrel.admin.ResourceResults;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DeleteRecordsRequest;
import io.petrel.protocol.schemas.DeleteRecordsRequest.DeleteRecordsPartition;
import io.petrel.protocol.schemas.DeleteRecordsRequest.DeleteRecordsTopic;
import io.petrel.protocol.schemas.DeleteRecordsResponse;
import io.petrel.protocol.schemas.DeleteRecordsResponse.DeleteRecordsPartitionResult;
import io.petrel.protocol.schemas.DeleteRecordsResponse.DeleteRecordsTopicResult;
import io.petrel.protocol.schemas.ListOffsetsRequest;
import io.petrel.protocol.schemas.ListOffsetsRequest.ListOffsetsPartition;
import io.petrel.protocol.schemas.ListOffsetsRequest.ListOffsetsTopic;
import io.petrel.protocol.schemas.ListOffsetsResponse;
import io.petrel.protocol.schemas.ListOffsetsResponse.ListOffsetsPartitionResponse;
import io.petrel.protocol.schemas.ListOffsetsResponse.ListOffsetsTopicResponse;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponsePartition;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponseTopic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The partition calls answered by each partition's leader: ListOffsets and DeleteRecords. One Metadata request
 * finds the leaders, then one request goes to each leader with its partitions; a partition of a missing topic, or
 * one the topic does not have, fails with UnknownTopicOrPartitionException without a request.
 */
final class OffsetCalls {
    private static final byte READ_UNCOMMITTED = 0;
    private static final PartitionsByTopic LIST_OFFSETS_TOPICS = new PartitionsByTopic(ListOffsetsTopic.SCHEMA,
            ListOffsetsTopic.NAME, ListOffsetsTopic.PARTITIONS);
    private static final PartitionsByTopic DELETE_RECORDS_TOPICS = new PartitionsByTopic(DeleteRecordsTopic.SCHEMA,
            DeleteRecordsTopic.NAME, DeleteRecordsTopic.PARTITIONS);

    private final AdminRequests requests;

    OffsetCalls(AdminRequests requests) {
        this.requests = requests;
    }

    ResourceResults<TopicPartition, ListOffsetsResultInfo> listOffsets(Map<TopicPartition, OffsetSpec> offsets) {
        PerResource<TopicPartition, ListOffsetsResultInfo> results = new PerResource<>(offsets.keySet(), OffsetCalls::partition);
        byLeader(offsets.keySet(), results, (leader, partitions) -> {
            List<Message> request = LIST_OFFSETS_TOPICS.topics(partitions, tp -> Message.of(ListOffsetsPartition.SCHEMA)
                    .set(ListOffsetsPartition.PARTITION_INDEX, tp.partition())
                    .set(ListOffsetsPartition.TIMESTAMP, offsets.get(tp).timestamp()));
            RequestBody body = version -> ListOffsetsRequest.SCHEMA.newMessage()
                    .set(ListOffsetsRequest.REPLICA_ID, -1)
                    .set(ListOffsetsRequest.ISOLATION_LEVEL, READ_UNCOMMITTED)
                    .set(ListOffsetsRequest.TOPICS, request)
                    .set(ListOffsetsRequest.TIMEOUT_MS, requests.timeoutMs());
            requests.retrying("ListOffsets", () -> requests.toNode(leader, ApiKey.LIST_OFFSETS, body))
                    .whenComplete((response, failure) -> {
                        if (failure != null) {
                            partitions.forEach(tp -> results.fail(tp, AdminRequests.unwrap(failure)));
                            return;
                        }
                        for (Message t : response.body().get(ListOffsetsResponse.TOPICS)) {
                            for (Message p : t.get(ListOffsetsTopicResponse.PARTITIONS)) {
                                int epoch = p.get(ListOffsetsPartitionResponse.LEADER_EPOCH);
                                results.completeOrFail(new TopicPartition(t.get(ListOffsetsTopicResponse.NAME),
                                                p.get(ListOffsetsPartitionResponse.PARTITION_INDEX)),
                                        p.get(ListOffsetsPartitionResponse.ERROR_CODE), null,
                                        new ListOffsetsResultInfo(p.get(ListOffsetsPartitionResponse.OFFSET),
                                                p.get(ListOffsetsPartitionResponse.TIMESTAMP),
                                                epoch < 0 ? Optional.empty() : Optional.of(epoch)));
                            }
                        }
                        partitions.forEach(tp -> results.fail(tp, unanswered("ListOffsets", tp)));
                    });
        });
        return results.results();
    }

    ResourceResults<TopicPartition, DeletedRecords> deleteRecords(Map<TopicPartition, RecordsToDelete> records) {
        PerResource<TopicPartition, DeletedRecords> results = new PerResource<>(records.keySet(), OffsetCalls::partition);
        byLeader(records.keySet(), results, (leader, partitions) -> {
            List<Message> request = DELETE_RECORDS_TOPICS.topics(partitions, tp -> Message.of(DeleteRecordsPartition.SCHEMA)
                    .set(DeleteRecordsPartition.PARTITION_INDEX, tp.partition())
                    .set(DeleteRecordsPartition.OFFSET, records.get(tp).beforeOffset()));
            RequestBody body = version -> DeleteRecordsRequest.SCHEMA.newMessage()
                    .set(DeleteRecordsRequest.TOPICS, request)
                    .set(DeleteRecordsRequest.TIMEOUT_MS, requests.timeoutMs());
            requests.retrying("DeleteRecords", () -> requests.toNode(leader, ApiKey.DELETE_RECORDS, body))
                    .whenComplete((response, failure) -> {
                        if (failure != null) {
                            partitions.forEach(tp -> results.fail(tp, AdminRequests.unwrap(failure)));
                            return;
                        }
                        for (Message t : response.body().get(DeleteRecordsResponse.TOPICS)) {
                            for (Message p : t.get(DeleteRecordsTopicResult.PARTITIONS)) {
                                results.completeOrFail(new TopicPartition(t.get(DeleteRecordsTopicResult.NAME),
                                                p.get(DeleteRecordsPartitionResult.PARTITION_INDEX)),
                                        p.get(DeleteRecordsPartitionResult.ERROR_CODE), null,
                                        new DeletedRecords(p.get(DeleteRecordsPartitionResult.LOW_WATERMARK)));
                            }
                        }
                        partitions.forEach(tp -> results.fail(tp, unanswered("DeleteRecords", tp)));
                    });
        });
        return results.results();
    }

    /** What to send to one leader: its node id and the partitions it leads. */
    @FunctionalInterface
    private interface LeaderRequest {
        void send(int leader, List<TopicPartition> partitions);
    }

    /**
     * Finds each partition's leader with one Metadata request and calls {@code send} once per leader; partitions
     * without a topic or leader fail at once.
     */
    private <V> void byLeader(java.util.Collection<TopicPartition> partitions, PerResource<TopicPartition, V> results,
                              LeaderRequest send) {
        List<String> topics = partitions.stream().map(TopicPartition::topic).distinct().toList();
        requests.retrying("Metadata", () -> requests.metadata(topics)).whenComplete((response, failure) -> {
            if (failure != null) {
                results.failAll(AdminRequests.unwrap(failure));
                return;
            }
            Map<TopicPartition, Integer> leaders = new HashMap<>();
            Map<String, Short> topicErrors = new HashMap<>();
            for (Message t : response.body().get(MetadataResponse.TOPICS)) {
                String name = t.get(MetadataResponseTopic.NAME);
                topicErrors.put(name, t.get(MetadataResponseTopic.ERROR_CODE));
                for (Message p : t.get(MetadataResponseTopic.PARTITIONS)) {
                    leaders.put(new TopicPartition(name, p.get(MetadataResponsePartition.PARTITION_INDEX)),
                            p.get(MetadataResponsePartition.LEADER_ID));
                }
            }
            Map<Integer, List<TopicPartition>> byLeader = new TreeMap<>();
            for (TopicPartition tp : partitions) {
                short topicError = topicErrors.getOrDefault(tp.topic(), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                Integer leader = leaders.get(tp);
                if (topicError != ErrorCode.NONE.code()) {
                    results.completeOrFail(tp, topicError, null, null);
                } else if (leader == null) {
                    results.completeOrFail(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), null, null);
                } else if (leader < 0) {
                    results.completeOrFail(tp, ErrorCode.LEADER_NOT_AVAILABLE.code(), null, null);
                } else {
                    byLeader.computeIfAbsent(leader, l -> new ArrayList<>()).add(tp);
                }
            }
            byLeader.forEach(send::send);
        });
    }

    private static io.petrel.client.ClientException unanswered(String api, TopicPartition tp) {
        return new io.petrel.client.ClientException(api + " answered nothing about " + partition(tp));
    }

    static String partition(TopicPartition tp) {
        return "Partition " + tp.topic() + "-" + tp.partition();
    }
}
