package io.petrel.consumer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.record.ControlRecordType;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.TransactionMarker;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.ListOffsetsRequest;
import io.petrel.protocol.schemas.ListOffsetsResponse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Partition logs held in memory, and Fetch / ListOffsets handlers answering from them as a broker would:
 * whole batches from the one holding the fetch offset, OFFSET_OUT_OF_RANGE outside the log,
 * NOT_LEADER_OR_FOLLOWER from a node that does not lead the partition.
 */
final class PartitionLogs {
    private final ScriptedNetwork network;
    private final Map<TopicPartition, List<ByteBuffer>> batches = new ConcurrentHashMap<>();
    /** At most this many batches per partition in one fetch response, as max.partition.fetch.bytes would cut. */
    private volatile int maxBatchesPerFetch = Integer.MAX_VALUE;

    void maxBatchesPerFetch(int max) {
        maxBatchesPerFetch = max;
    }

    PartitionLogs(ScriptedNetwork network) {
        this.network = network;
    }

    private List<ByteBuffer> log(TopicPartition tp) {
        return batches.computeIfAbsent(tp, k -> new CopyOnWriteArrayList<>());
    }

    long endOffset(TopicPartition tp) {
        List<ByteBuffer> log = log(tp);
        return log.isEmpty() ? 0 : RecordBatch.wrap(log.get(log.size() - 1)).nextOffset();
    }

    /** Appends a batch of values "prefix-N" (N the offset), in this codec. */
    void append(TopicPartition tp, CompressionType codec, int count, String prefix) {
        long base = endOffset(tp);
        RecordBatchBuilder builder = new RecordBatchBuilder(base).compression(codec).partitionLeaderEpoch(0);
        for (int i = 0; i < count; i++) {
            builder.append(1_000 + base + i, ("k" + (base + i)).getBytes(StandardCharsets.UTF_8),
                    (prefix + "-" + (base + i)).getBytes(StandardCharsets.UTF_8));
        }
        log(tp).add(builder.build());
    }

    /** Appends a transaction marker (a control batch of one record). */
    void appendControl(TopicPartition tp) {
        RecordBatchBuilder builder = new RecordBatchBuilder(endOffset(tp)).control(true).transactional(true)
                .producer(7, (short) 0, -1);
        builder.appendTransactionMarker(5_000, new TransactionMarker(ControlRecordType.COMMIT, 0));
        log(tp).add(builder.build());
    }

    ScriptedNetwork.Handler fetchHandler() {
        return (node, request) -> {
            List<Message> topics = new ArrayList<>();
            boolean any = false;
            for (Message t : request.get(FetchRequest.TOPICS)) {
                UUID id = t.get(FetchRequest.FetchTopic.TOPIC_ID);
                String name = network.metadata().topicName(id).orElseThrow();
                List<Message> partitions = new ArrayList<>();
                for (Message p : t.get(FetchRequest.FetchTopic.PARTITIONS)) {
                    TopicPartition tp = new TopicPartition(name, p.get(FetchRequest.FetchPartition.PARTITION));
                    Message answer = partition(node, tp, p.get(FetchRequest.FetchPartition.FETCH_OFFSET));
                    any |= answer.get(FetchResponse.PartitionData.ERROR_CODE) != 0
                            || answer.get(FetchResponse.PartitionData.RECORDS).hasRemaining();
                    partitions.add(answer);
                }
                topics.add(Message.of(FetchResponse.FetchableTopicResponse.SCHEMA)
                        .set(FetchResponse.FetchableTopicResponse.TOPIC_ID, id)
                        .set(FetchResponse.FetchableTopicResponse.PARTITIONS, partitions));
            }
            if (!any) {
                return null;
            }
            return FetchResponse.SCHEMA.newMessage().set(FetchResponse.THROTTLE_TIME_MS, 0)
                    .set(FetchResponse.ERROR_CODE, (short) 0).set(FetchResponse.SESSION_ID, 0)
                    .set(FetchResponse.RESPONSES, topics);
        };
    }

    private Message partition(int node, TopicPartition tp, long offset) {
        ErrorCode error = ErrorCode.NONE;
        ByteBuffer records = ByteBuffer.allocate(0);
        long end = endOffset(tp);
        if (network.metadata().leader(tp).orElseThrow().id() != node || network.metadata().refuses(tp)) {
            error = ErrorCode.NOT_LEADER_OR_FOLLOWER;
        } else if (offset < 0 || offset > end) {
            error = ErrorCode.OFFSET_OUT_OF_RANGE;
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int taken = 0;
            for (ByteBuffer b : log(tp)) {
                if (RecordBatch.wrap(b).nextOffset() > offset && taken++ < maxBatchesPerFetch) {
                    byte[] bytes = new byte[b.remaining()];
                    b.duplicate().get(bytes);
                    out.writeBytes(bytes);
                }
            }
            records = ByteBuffer.wrap(out.toByteArray());
        }
        return Message.of(FetchResponse.PartitionData.SCHEMA)
                .set(FetchResponse.PartitionData.PARTITION_INDEX, tp.partition())
                .set(FetchResponse.PartitionData.ERROR_CODE, error.code())
                .set(FetchResponse.PartitionData.HIGH_WATERMARK, end)
                .set(FetchResponse.PartitionData.LAST_STABLE_OFFSET, end)
                .set(FetchResponse.PartitionData.LOG_START_OFFSET, 0L)
                .set(FetchResponse.PartitionData.RECORDS, records);
    }

    ScriptedNetwork.Handler listOffsetsHandler() {
        return (node, request) -> {
            List<Message> topics = new ArrayList<>();
            for (Message t : request.get(ListOffsetsRequest.TOPICS)) {
                String name = t.get(ListOffsetsRequest.ListOffsetsTopic.NAME);
                List<Message> partitions = new ArrayList<>();
                for (Message p : t.get(ListOffsetsRequest.ListOffsetsTopic.PARTITIONS)) {
                    int partition = p.get(ListOffsetsRequest.ListOffsetsPartition.PARTITION_INDEX);
                    long ts = p.get(ListOffsetsRequest.ListOffsetsPartition.TIMESTAMP);
                    long offset = ts == -2 ? 0 : endOffset(new TopicPartition(name, partition));
                    partitions.add(Message.of(ListOffsetsResponse.ListOffsetsPartitionResponse.SCHEMA)
                            .set(ListOffsetsResponse.ListOffsetsPartitionResponse.PARTITION_INDEX, partition)
                            .set(ListOffsetsResponse.ListOffsetsPartitionResponse.ERROR_CODE, (short) 0)
                            .set(ListOffsetsResponse.ListOffsetsPartitionResponse.TIMESTAMP, -1L)
                            .set(ListOffsetsResponse.ListOffsetsPartitionResponse.OFFSET, offset)
                            .set(ListOffsetsResponse.ListOffsetsPartitionResponse.LEADER_EPOCH, 0));
                }
                topics.add(Message.of(ListOffsetsResponse.ListOffsetsTopicResponse.SCHEMA)
                        .set(ListOffsetsResponse.ListOffsetsTopicResponse.NAME, name)
                        .set(ListOffsetsResponse.ListOffsetsTopicResponse.PARTITIONS, partitions));
            }
            return ListOffsetsResponse.SCHEMA.newMessage().set(ListOffsetsResponse.THROTTLE_TIME_MS, 0)
                    .set(ListOffsetsResponse.TOPICS, topics);
        };
    }
}
