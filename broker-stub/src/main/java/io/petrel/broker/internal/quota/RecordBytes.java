package io.petrel.broker.internal.quota;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.SplicedRecords;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The record bytes a Produce request or Fetch response carries (its topics' partitions' RECORDS fields, in memory
 * or spliced from segment files): what the byte-rate quotas count.
 */
final class RecordBytes {
    private RecordBytes() {
    }

    /**
     * Sums the RECORDS of every partition of every topic.
     *
     * @param body       the message
     * @param topics     its topics field
     * @param partitions a topic's partitions field
     * @param records    a partition's records field
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static long sum(Message body, Field<List<Message>> topics, Field<List<Message>> partitions, Field<ByteBuffer> records) {
        Field<Object> raw = (Field) records;
        long total = 0;
        for (Message topic : body.get(topics)) {
            for (Message partition : topic.get(partitions)) {
                Object value = partition.get(raw);
                if (value instanceof ByteBuffer buffer) {
                    total += buffer.remaining();
                } else if (value instanceof SplicedRecords spliced) {
                    total += spliced.sizeInBytes();
                }
            }
        }
        return total;
    }
}
