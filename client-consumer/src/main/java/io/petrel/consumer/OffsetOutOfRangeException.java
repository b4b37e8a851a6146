package io.petrel.consumer;

import io.petrel.client.ClientException;
import io.petrel.client.TopicPartition;

import java.util.Map;

/**
 * auto.offset.reset is none and a fetch position is outside the log's range (below its start after
 * retention deleted records, or past its end). Seek the partitions to go on.
 */
public class OffsetOutOfRangeException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final transient Map<TopicPartition, Long> offsetOutOfRangePartitions;

    public OffsetOutOfRangeException(Map<TopicPartition, Long> offsetOutOfRangePartitions) {
        this("Fetch positions out of range with no auto.offset.reset policy (auto.offset.reset=none): "
                + offsetOutOfRangePartitions + "; seek these partitions to go on", offsetOutOfRangePartitions);
    }

    /** For subclasses that say more about why the positions are out of range. */
    protected OffsetOutOfRangeException(String message, Map<TopicPartition, Long> offsetOutOfRangePartitions) {
        super(message);
        this.offsetOutOfRangePartitions = Map.copyOf(offsetOutOfRangePartitions);
    }

    /** Each partition with the position that was out of range. */
    public Map<TopicPartition, Long> offsetOutOfRangePartitions() {
        return offsetOutOfRangePartitions;
    }
}
