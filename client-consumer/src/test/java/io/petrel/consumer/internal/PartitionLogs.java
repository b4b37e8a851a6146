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
import io.petrel.protocol.schemas.OffsetForLeaderEpochRequest;
import io.petrel.protocol.schemas.OffsetForLeaderEpochResponse;

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
 * NOT_LEADER_OR_FOLLOWER from a node that does not lead the partition; and OffsetForLeaderEpoch from the batches'
 * leader epochs.
 */
final class PartitionLogs {
    private final ScriptedNetwork network;
    private final Map<TopicPartition, List<ByteBuffer>> batches = new ConcurrentHashMap<>();
    /** At most this many batches per partition in one fetch response, as max.partition.fetch.bytes would cut. */
    private volatile int maxBatchesPerFetch = Integer.MAX_VALUE;
    private final Map<TopicPartition, int[]> hints = new ConcurrentHashMap<>();
    private final Map<TopicPartition, long[]> divergences = new ConcurrentHashMap<>();

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
        append(tp, codec, count, prefix, 0);
    }

    /** As {@link #append(TopicPartition, CompressionType, int, String)}, written under leader epoch {@code epoch}. */
    void append(TopicPartition tp, CompressionType codec, int count, String prefix, int epoch) {
        long base = endOffset(tp);
        RecordBatchBuilder builder = new RecordBatchBuilder(base).compression(codec).partitionLeaderEpoch(epoch);
        for (int i = 0; i < count; i++) {
            builder.append(1_000 + base + i, ("k" + (base + i)).getBytes(StandardCharsets.UTF_8),
                    (prefix + "-" + (base + i)).getBytes(StandardCharsets.UTF_8));
        }
        log(tp).add(builder.build());
    }

    /** Drops the batches from {@code offset} on (a whole-batch boundary), as an unclean leader's log lacks them. */
    void truncateTo(TopicPartition tp, long offset) {
        log(tp).removeIf(b -> RecordBatch.wrap(b).baseOffset() >= offset);
    }

    /**
     * From now on every node but {@code leader} refuses the partition with NOT_LEADER_OR_FOLLOWER naming node
     * {@code leader} at {@code epoch} as the current leader, with its endpoint (KIP-951).
     */
    void refuseWithLeaderHint(TopicPartition tp, int leader, int epoch) {
        hints.put(tp, new int[] {leader, epoch});
    }

    /** The next fetch of the partition is answered with a diverging epoch: {@code epoch} ends at {@code endOffset}. */
    void divergeOnce(TopicPartition tp, int epoch, long endOffset) {
        divergences.put(tp, new long[] {epoch, endOffset});
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
                            || answer.get(FetchResponse.PartitionData.RECORDS).hasRemaining()
                            || answer.get(FetchResponse.PartitionData.DIVERGING_EPOCH).get(FetchResponse.EpochEndOffset.EPOCH) >= 0;
                    partitions.add(answer);
                }
                topics.add(Message.of(FetchResponse.FetchableTopicResponse.SCHEMA)
                        .set(FetchResponse.FetchableTopicResponse.TOPIC_ID, id)
                        .set(FetchResponse.FetchableTopicResponse.PARTITIONS, partitions));
            }
            if (!any) {
                return null;
            }
            List<Message> endpoints = new ArrayList<>();
            hints.values().forEach(h -> endpoints.add(Message.of(FetchResponse.NodeEndpoint.SCHEMA)
                    .set(FetchResponse.NodeEndpoint.NODE_ID, h[0])
                    .set(FetchResponse.NodeEndpoint.HOST, "localhost")
                    .set(FetchResponse.NodeEndpoint.PORT, 9000 + h[0])));
            return FetchResponse.SCHEMA.newMessage().set(FetchResponse.THROTTLE_TIME_MS, 0)
                    .set(FetchResponse.ERROR_CODE, (short) 0).set(FetchResponse.SESSION_ID, 0)
                    .set(FetchResponse.RESPONSES, topics).set(FetchResponse.NODE_ENDPOINTS, endpoints);
        };
    }

    private Message partition(int node, TopicPartition tp, long offset) {
        ErrorCode error = ErrorCode.NONE;
        ByteBuffer records = ByteBuffer.allocate(0);
        long end = endOffset(tp);
        int[] hint = hints.get(tp);
        hint = hint != null && hint[0] != node ? hint : null;
        long[] diverging = divergences.remove(tp);
        Message currentLeader = Message.of(FetchResponse.LeaderIdAndEpoch.SCHEMA);
        Message divergingEpoch = Message.of(FetchResponse.EpochEndOffset.SCHEMA);
        if (hint != null) {
            error = ErrorCode.NOT_LEADER_OR_FOLLOWER;
            currentLeader.set(FetchResponse.LeaderIdAndEpoch.LEADER_ID, hint[0])
                    .set(FetchResponse.LeaderIdAndEpoch.LEADER_EPOCH, hint[1]);
        } else if (diverging != null) {
            divergingEpoch.set(FetchResponse.EpochEndOffset.EPOCH, (int) diverging[0])
                    .set(FetchResponse.EpochEndOffset.END_OFFSET, diverging[1]);
        } else if (network.metadata().leader(tp).orElseThrow().id() != node || network.metadata().refuses(tp)) {
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
                .set(FetchResponse.PartitionData.CURRENT_LEADER, currentLeader)
                .set(FetchResponse.PartitionData.DIVERGING_EPOCH, divergingEpoch)
                .set(FetchResponse.PartitionData.RECORDS, records);
    }

    /**
     * OffsetForLeaderEpoch as a leader answers it: NOT_LEADER_OR_FOLLOWER from another node, FENCED_LEADER_EPOCH or
     * UNKNOWN_LEADER_EPOCH when the current leader epoch asked with is older or newer than the metadata's, else the
     * largest epoch of the log at or below the one asked and the offset where it ends (the next epoch's first
     * offset, or the log end), -1 and -1 for an epoch older than the log's first.
     */
    ScriptedNetwork.Handler offsetForLeaderEpochHandler() {
        return (node, request) -> {
            List<Message> topics = new ArrayList<>();
            for (Message t : request.get(OffsetForLeaderEpochRequest.TOPICS)) {
                String name = t.get(OffsetForLeaderEpochRequest.OffsetForLeaderTopic.TOPIC);
                List<Message> partitions = new ArrayList<>();
                for (Message p : t.get(OffsetForLeaderEpochRequest.OffsetForLeaderTopic.PARTITIONS)) {
                    TopicPartition tp = new TopicPartition(name, p.get(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.PARTITION));
                    partitions.add(epochEnd(node, tp,
                            p.get(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.CURRENT_LEADER_EPOCH),
                            p.get(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.LEADER_EPOCH)));
                }
                topics.add(Message.of(OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult.SCHEMA)
                        .set(OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult.TOPIC, name)
                        .set(OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult.PARTITIONS, partitions));
            }
            return OffsetForLeaderEpochResponse.SCHEMA.newMessage().set(OffsetForLeaderEpochResponse.TOPICS, topics);
        };
    }

    private Message epochEnd(int node, TopicPartition tp, int currentLeaderEpoch, int asked) {
        int leaderEpoch = network.metadata().leaderEpoch(tp);
        ErrorCode error = network.metadata().leader(tp).orElseThrow().id() != node ? ErrorCode.NOT_LEADER_OR_FOLLOWER
                : currentLeaderEpoch < leaderEpoch ? ErrorCode.FENCED_LEADER_EPOCH
                : currentLeaderEpoch > leaderEpoch ? ErrorCode.UNKNOWN_LEADER_EPOCH : ErrorCode.NONE;
        int epoch = -1;
        long end = -1;
        if (error == ErrorCode.NONE) {
            for (ByteBuffer b : log(tp)) {
                RecordBatch batch = RecordBatch.wrap(b);
                if (batch.partitionLeaderEpoch() > asked) {
                    end = epoch < 0 ? -1 : batch.baseOffset();
                    break;
                }
                epoch = batch.partitionLeaderEpoch();
                end = batch.nextOffset();
            }
        }
        return Message.of(OffsetForLeaderEpochResponse.EpochEndOffset.SCHEMA)
                .set(OffsetForLeaderEpochResponse.EpochEndOffset.ERROR_CODE, error.code())
                .set(OffsetForLeaderEpochResponse.EpochEndOffset.PARTITION, tp.partition())
                .set(OffsetForLeaderEpochResponse.EpochEndOffset.LEADER_EPOCH, end < 0 ? -1 : epoch)
                .set(OffsetForLeaderEpochResponse.EpochEndOffset.END_OFFSET, end);
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
