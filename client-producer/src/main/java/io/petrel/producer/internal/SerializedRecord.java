package io.petrel.producer.internal;

import io.petrel.protocol.record.RecordHeader;

import java.util.List;

/**
 * A record after the serializer stage: bytes, a timestamp, and the partition if the caller fixed one.
 * What the later stages (partitioner, accumulator) work on.
 *
 * @param topic     the topic
 * @param partition the explicit partition, or null
 * @param timestamp the create time in milliseconds
 * @param key       the key bytes, or null
 * @param value     the value bytes, or null
 * @param headers   the headers, or null when there are none
 * @param keyObject the key before serialization, for partitioners that want it
 * @param sizeInBytes an upper bound of the record's encoded size, what it is charged against buffer.memory
 */
public record SerializedRecord(String topic, Integer partition, long timestamp, byte[] key, byte[] value,
                               List<RecordHeader> headers, Object keyObject, int sizeInBytes) {

    /** The most a record's framing (length, attributes, deltas, lengths, header count) takes as varints. */
    static final int MAX_RECORD_OVERHEAD = 5 + 1 + 10 + 5 + 5 + 5 + 5;
    /** The most a header's framing takes: two varint lengths. */
    static final int MAX_HEADER_OVERHEAD = 5 + 5;

    /** The key's size for {@link io.petrel.producer.RecordMetadata}: -1 for null. */
    public int keySize() {
        return sizeOf(key);
    }

    /** The value's size for {@link io.petrel.producer.RecordMetadata}: -1 for null. */
    public int valueSize() {
        return sizeOf(value);
    }

    /** A key's or value's size for {@link io.petrel.producer.RecordMetadata}: -1 for null. */
    static int sizeOf(byte[] bytes) {
        return bytes == null ? -1 : bytes.length;
    }

    /** An upper bound of a record's encoded size, from its parts. */
    static int sizeUpperBound(byte[] key, byte[] value, List<RecordHeader> headers) {
        int size = MAX_RECORD_OVERHEAD + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        if (headers != null) {
            for (RecordHeader header : headers) {
                size += MAX_HEADER_OVERHEAD + 3 * header.key().length()
                        + (header.value() == null ? 0 : header.value().length);
            }
        }
        return size;
    }
}
