package io.petrel.producer;

/**
 * Where an acknowledged record was written.
 *
 * @param topic               the topic
 * @param partition           the partition
 * @param offset              the record's offset in the partition; -1 with {@code acks=0}, where the broker
 *                            says nothing back
 * @param timestamp           the broker's log append time when the topic uses LogAppendTime, otherwise the
 *                            record's create time
 * @param serializedKeySize   the key's size in bytes, -1 for a null key
 * @param serializedValueSize the value's size in bytes, -1 for a null value
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp, int serializedKeySize,
                             int serializedValueSize) {

    /** Whether the offset is known (it is not with {@code acks=0}). */
    public boolean hasOffset() {
        return offset >= 0;
    }
}
