package io.petrel.consumer;

import io.petrel.client.ClientException;
import io.petrel.client.TopicPartition;

/**
 * A record's key or value could not be deserialized. The consumer's position stays at that record, so
 * the next poll fails the same way unless the application skips it with
 * {@code seek(topicPartition(), offset() + 1)}. Records before it that the same poll had read were
 * returned by that poll first.
 */
public class RecordDeserializationException extends ClientException {
    private static final long serialVersionUID = 1L;

    /** Which of the record's parts failed. */
    public enum Part { KEY, VALUE }

    private final TopicPartition partition;
    private final long offset;
    private final Part part;

    public RecordDeserializationException(TopicPartition partition, long offset, Part part, Throwable cause) {
        super("Error deserializing the " + part.name().toLowerCase(java.util.Locale.ROOT) + " of the record at offset "
                + offset + " of partition " + partition + " (topic " + partition.topic() + ", partition "
                + partition.partition() + "): " + cause.getMessage()
                + ". Seek to offset " + (offset + 1) + " to skip it", cause);
        this.partition = partition;
        this.offset = offset;
        this.part = part;
    }

    /** The record's partition. */
    public TopicPartition topicPartition() {
        return partition;
    }

    /** The record's offset. */
    public long offset() {
        return offset;
    }

    /** Whether the key or the value failed. */
    public Part part() {
        return part;
    }
}
