package io.petrel.benchmarks.suite;

import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Bytes allocated and thread CPU per decode of the two messages of every fetch: the consumer's FetchRequest as
 * broker-stub reads it (one topic by id, one partition, an incremental session, empty rack id) and a FetchResponse
 * with one partition of 1 KiB of records (the records stay a slice, so the figure is the message around them). Both
 * are load-independent (ThreadMXBean), so a change to the protocol module's reader can be weighed on a busy machine:
 * run it at two commits and compare.
 *
 * <p>Run: {@code java -cp <benchmarks test class path> io.petrel.benchmarks.suite.MessageDecodeCost [decodes]}.
 */
public final class MessageDecodeCost {
    private static final short VERSION = 17;

    private MessageDecodeCost() {
    }

    public static void main(String[] args) {
        int decodes = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        UUID topicId = UUID.randomUUID();
        ByteBuffer request = FetchRequest.SCHEMA.serialize(request(topicId), VERSION);
        ByteBuffer response = FetchResponse.SCHEMA.serialize(response(topicId), VERSION);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= 3; round++) {
            measure(round, "FetchRequest v17", FetchRequest.SCHEMA, request, decodes, threads);
            measure(round, "FetchResponse v17", FetchResponse.SCHEMA, response, decodes, threads);
        }
    }

    private static void measure(int round, String name, MessageSchema schema, ByteBuffer bytes, int decodes,
                                com.sun.management.ThreadMXBean threads) {
        long allocated0 = threads.getCurrentThreadAllocatedBytes();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long sink = 0;
        for (int i = 0; i < decodes; i++) {
            sink += schema.read(bytes.duplicate(), VERSION).hashCode() & 1;
        }
        System.out.printf(Locale.ROOT, "round %d %-18s %7.1f B allocated and %7.1f ns of CPU per decode (%d)%n", round,
                name, (threads.getCurrentThreadAllocatedBytes() - allocated0) / (double) decodes,
                (threads.getCurrentThreadCpuTime() - cpu0) / (double) decodes, sink);
    }

    private static Message request(UUID topicId) {
        Message partition = Message.of(FetchRequest.FetchPartition.SCHEMA)
                .set(FetchRequest.FetchPartition.PARTITION, 0)
                .set(FetchRequest.FetchPartition.CURRENT_LEADER_EPOCH, 0)
                .set(FetchRequest.FetchPartition.FETCH_OFFSET, 12_345L)
                .set(FetchRequest.FetchPartition.PARTITION_MAX_BYTES, 1 << 20);
        Message topic = Message.of(FetchRequest.FetchTopic.SCHEMA)
                .set(FetchRequest.FetchTopic.TOPIC_ID, topicId)
                .set(FetchRequest.FetchTopic.PARTITIONS, new ArrayList<>(List.of(partition)));
        return FetchRequest.SCHEMA.newMessage()
                .set(FetchRequest.MAX_WAIT_MS, 500)
                .set(FetchRequest.MIN_BYTES, 1)
                .set(FetchRequest.MAX_BYTES, 52_428_800)
                .set(FetchRequest.ISOLATION_LEVEL, (byte) 0)
                .set(FetchRequest.SESSION_ID, 7)
                .set(FetchRequest.SESSION_EPOCH, 3)
                .set(FetchRequest.TOPICS, new ArrayList<>(List.of(topic)))
                .set(FetchRequest.FORGOTTEN_TOPICS_DATA, new ArrayList<>())
                .set(FetchRequest.RACK_ID, "");
    }

    private static Message response(UUID topicId) {
        Message partition = Message.of(FetchResponse.PartitionData.SCHEMA)
                .set(FetchResponse.PartitionData.PARTITION_INDEX, 0)
                .set(FetchResponse.PartitionData.ERROR_CODE, (short) 0)
                .set(FetchResponse.PartitionData.HIGH_WATERMARK, 99L)
                .set(FetchResponse.PartitionData.LAST_STABLE_OFFSET, 99L)
                .set(FetchResponse.PartitionData.LOG_START_OFFSET, 0L)
                .set(FetchResponse.PartitionData.ABORTED_TRANSACTIONS, new ArrayList<>())
                .set(FetchResponse.PartitionData.RECORDS, ByteBuffer.allocate(1024));
        Message topic = Message.of(FetchResponse.FetchableTopicResponse.SCHEMA)
                .set(FetchResponse.FetchableTopicResponse.TOPIC_ID, topicId)
                .set(FetchResponse.FetchableTopicResponse.PARTITIONS, new ArrayList<>(List.of(partition)));
        return FetchResponse.SCHEMA.newMessage()
                .set(FetchResponse.THROTTLE_TIME_MS, 0)
                .set(FetchResponse.ERROR_CODE, (short) 0)
                .set(FetchResponse.SESSION_ID, 7)
                .set(FetchResponse.RESPONSES, new ArrayList<>(List.of(topic)))
                .set(FetchResponse.NODE_ENDPOINTS, new ArrayList<>());
    }
}
