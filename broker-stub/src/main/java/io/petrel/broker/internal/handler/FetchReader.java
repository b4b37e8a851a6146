package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.log.AbortedTransaction;
import io.petrel.broker.internal.log.LogSlice;
import io.petrel.broker.internal.log.OffsetOutOfRangeException;
import io.petrel.broker.internal.log.PartitionLog;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicPartition;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.FetchResponse.FetchableTopicResponse;
import io.petrel.protocol.schemas.FetchResponse.PartitionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the partitions of one Fetch request from their logs into a response body, as often as the fetch
 * needs (once, or again on each append while it waits).
 *
 * <p>How it works: partitions are read in request order. Each may return up to its partition_max_bytes,
 * and all together up to the request's max_bytes; until some partition has returned data a read may
 * exceed those limits by one whole batch, so a batch larger than the limits still gets through (Kafka's
 * rule, which keeps a consumer from stalling on a large batch). Records go into the body as
 * {@link LogSlice}s, to be sent from the segment files without copying. The high watermark is read
 * after the records, so it is never below an offset the response carries. A read_committed fetch reads
 * only below the last stable offset and lists the aborted transactions among what it returns.
 */
final class FetchReader {
    private static final Logger log = LoggerFactory.getLogger(FetchReader.class);
    private static final ByteBuffer NO_RECORDS = ByteBuffer.allocate(0);

    /** One requested topic: its name (resolved, or null if unknown), the id asked by, and its partitions. */
    record TopicPlan(String name, UUID id, List<PartitionPlan> partitions) {
    }

    /**
     * One requested partition. {@code error} is set when the request could not be resolved (unknown topic,
     * fenced epoch); such a partition is answered with that error and not read.
     */
    record PartitionPlan(int partition, long fetchOffset, int maxBytes, ErrorCode error) {
    }

    /**
     * A read's outcome.
     *
     * @param body      the response body
     * @param bytes     record bytes in it
     * @param readError whether reading some partition failed (Kafka then answers at once instead of waiting)
     * @param topicBytes record bytes of each planned topic, in plan order
     */
    record Result(Message body, long bytes, boolean readError, long[] topicBytes) {
    }

    private final TopicRegistry topics;
    private final List<TopicPlan> plan;
    private final short version;
    private final int maxBytes;
    private final boolean readCommitted;

    FetchReader(TopicRegistry topics, List<TopicPlan> plan, short version, int maxBytes, boolean readCommitted) {
        this.topics = topics;
        this.plan = plan;
        this.version = version;
        this.maxBytes = maxBytes;
        this.readCommitted = readCommitted;
    }

    /** The partitions this fetch reads (those resolved to a topic), for waiting on appends. */
    List<TopicPartition> readablePartitions() {
        List<TopicPartition> readable = new ArrayList<>();
        for (TopicPlan t : plan) {
            for (PartitionPlan p : t.partitions()) {
                if (p.error() == null) {
                    readable.add(new TopicPartition(t.name(), p.partition()));
                }
            }
        }
        return readable;
    }

    Result read() {
        Message body = FetchResponse.SCHEMA.newMessage();
        body.set(FetchResponse.THROTTLE_TIME_MS, 0);
        List<Message> responses = new ArrayList<>(plan.size());
        long remaining = maxBytes;
        long total = 0;
        boolean readError = false;
        long[] topicBytes = new long[plan.size()];
        int topicIndex = 0;
        for (TopicPlan t : plan) {
            Message topic = Message.of(FetchableTopicResponse.SCHEMA);
            if (version >= 13) {
                topic.set(FetchableTopicResponse.TOPIC_ID, t.id());
            } else {
                topic.set(FetchableTopicResponse.TOPIC, t.name());
            }
            List<Message> partitions = new ArrayList<>(t.partitions().size());
            for (PartitionPlan p : t.partitions()) {
                Message data = partitionData(p.partition());
                if (p.error() != null) {
                    setError(data, p.error());
                } else {
                    int allowed = (int) Math.min(p.maxBytes(), Math.max(0, remaining));
                    int read = readPartition(t.name(), p, allowed, total == 0, data);
                    if (read < 0) {
                        readError = true;
                    } else {
                        total += read;
                        remaining -= read;
                        topicBytes[topicIndex] += read;
                    }
                }
                partitions.add(data);
            }
            topic.set(FetchableTopicResponse.PARTITIONS, partitions);
            responses.add(topic);
            topicIndex++;
        }
        body.set(FetchResponse.RESPONSES, responses);
        return new Result(body, total, readError, topicBytes);
    }

    /** Reads one partition into {@code data}; returns the record bytes, or -1 when the partition failed. */
    private int readPartition(String topicName, PartitionPlan p, int allowed, boolean minOneBatch, Message data) {
        PartitionLog partitionLog;
        try {
            partitionLog = topics.partition(topicName, p.partition());
        } catch (TopicException e) {
            setError(data, version >= 13 && topics.topic(topicName).isEmpty()
                    ? ErrorCode.UNKNOWN_TOPIC_ID : e.errorCode());
            return -1;
        }
        try {
            long lastStable = partitionLog.lastStableOffset();
            LogSlice slice = partitionLog.read(p.fetchOffset(), allowed, minOneBatch,
                    readCommitted ? lastStable : Long.MAX_VALUE);
            data.set(PartitionData.HIGH_WATERMARK, partitionLog.highWatermark());
            data.set(PartitionData.LAST_STABLE_OFFSET, lastStable);
            if (readCommitted && slice.sizeInBytes() > 0) {
                data.set(PartitionData.ABORTED_TRANSACTIONS, abortedTransactions(partitionLog, p.fetchOffset(),
                        lastStable));
            }
            if (version >= 5) {
                data.set(PartitionData.LOG_START_OFFSET, partitionLog.logStartOffset());
            }
            if (slice.sizeInBytes() == 0) {
                data.set(PartitionData.RECORDS, NO_RECORDS);
                return 0;
            }
            data.setSpliced(PartitionData.RECORDS, slice);
            return slice.sizeInBytes();
        } catch (OffsetOutOfRangeException e) {
            setError(data, ErrorCode.OFFSET_OUT_OF_RANGE);
            return -1;
        } catch (IOException e) {
            if (topics.topic(topicName).isEmpty()) {
                setError(data, version >= 13 ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            } else {
                log.error("Could not read partition {}-{} at offset {}", topicName, p.partition(), p.fetchOffset(), e);
                setError(data, ErrorCode.KAFKA_STORAGE_ERROR);
            }
            return -1;
        }
    }

    private static List<Message> abortedTransactions(PartitionLog partitionLog, long from, long upTo) {
        List<Message> aborted = new ArrayList<>();
        for (AbortedTransaction t : partitionLog.abortedTransactions(from, upTo)) {
            aborted.add(Message.of(FetchResponse.AbortedTransaction.SCHEMA)
                    .set(FetchResponse.AbortedTransaction.PRODUCER_ID, t.producerId())
                    .set(FetchResponse.AbortedTransaction.FIRST_OFFSET, t.firstOffset()));
        }
        return aborted;
    }

    private Message partitionData(int partition) {
        Message data = Message.of(PartitionData.SCHEMA);
        data.set(PartitionData.PARTITION_INDEX, partition);
        data.set(PartitionData.ERROR_CODE, ErrorCode.NONE.code());
        data.set(PartitionData.ABORTED_TRANSACTIONS, readCommitted ? new ArrayList<>() : null);
        return data;
    }

    /** An error partition, as Kafka answers one: no offsets known, no records. */
    private void setError(Message data, ErrorCode error) {
        data.set(PartitionData.ERROR_CODE, error.code());
        data.set(PartitionData.HIGH_WATERMARK, -1L);
        data.set(PartitionData.LAST_STABLE_OFFSET, -1L);
        if (version >= 5) {
            data.set(PartitionData.LOG_START_OFFSET, -1L);
        }
        data.set(PartitionData.ABORTED_TRANSACTIONS, null);
        data.set(PartitionData.RECORDS, NO_RECORDS);
    }
}
