package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicConfigDefinitions;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;

import java.time.Clock;

/**
 * Kafka's record checks of a Produce batch against its topic's configs, made before the append so a
 * refused batch leaves nothing in the log: a topic whose {@code cleanup.policy} includes compact refuses
 * a record without a key (INVALID_RECORD), and a CreateTime topic refuses a timestamp outside its
 * {@link TimestampBounds} (INVALID_TIMESTAMP). As in Kafka, each record is checked for its key first,
 * then for its timestamp.
 *
 * <p>How it works: the records are read (decompressed within {@link RecordBatch#DEFAULT_MAX_DECOMPRESSED_BYTES})
 * only when a check needs them, that is on a compacted topic or when {@code message.timestamp.before.max.ms}
 * is finite; otherwise the batch's maxTimestamp, the newest of its timestamps, is checked against the
 * upper bound. A batch the log will refuse anyway (bad CRC, larger than {@code max.message.bytes}) is
 * not looked into here, so it gets the log's error, as Kafka checks those first. The CRC is computed here only
 * before records are read or a refusal is given: the log checks it on every append, and a second pass over each
 * accepted batch (the whole request) cost as much as the log's own.
 */
final class ProduceValidation {
    /** Why a batch is refused. */
    record Refusal(ErrorCode error, String message) {
    }

    private final Clock clock;

    ProduceValidation(Clock clock) {
        this.clock = clock;
    }

    /** The refusal of {@code batch}, bound for partition {@code partition} of {@code topic}, or null when it passes. */
    Refusal check(Topic topic, int partition, RecordBatch batch) {
        if (batch.sizeInBytes() > topic.logConfig().maxMessageBytes()) {
            return null;
        }
        boolean compacted = TopicConfigDefinitions.isCompacted(topic);
        TimestampBounds bounds = TimestampBounds.of(topic, clock.millis());
        if (compacted || (bounds != null && bounds.boundsTheOldest())) {
            return batch.isValid() ? checkRecords(batch, topic.name() + "-" + partition, compacted, bounds) : null;
        }
        if (bounds == null || bounds.accepts(batch.maxTimestamp())) {
            return null;
        }
        return batch.isValid() ? timestampRefusal(bounds.violation(batch.maxTimestamp(),
                "the newest record of the batch to " + topic.name() + "-" + partition)) : null;
    }

    private static Refusal checkRecords(RecordBatch batch, String target, boolean compacted, TimestampBounds bounds) {
        int index = 0;
        try {
            for (Record r : batch.records(RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES)) {
                Refusal refusal = checkRecord(r, index, target, compacted, bounds);
                if (refusal != null) {
                    return refusal;
                }
                index++;
            }
        } catch (ProtocolException e) {
            return new Refusal(ErrorCode.INVALID_RECORD, "The batch to " + target + " has a bad record (index "
                    + index + "): " + e.getMessage());
        }
        return null;
    }

    /** The record's name is built only for a refusal, not for each record read. */
    private static Refusal checkRecord(Record r, int index, String target, boolean compacted,
                                       TimestampBounds bounds) {
        if (compacted && !r.hasKey()) {
            return new Refusal(ErrorCode.INVALID_RECORD, "Compacted topic cannot accept a record without a key: "
                    + recordName(index, target) + " has none, and " + target + " is compacted (cleanup.policy"
                    + " includes compact), which keeps the latest record of each key");
        }
        return bounds == null || bounds.accepts(r.timestamp()) ? null
                : timestampRefusal(bounds.violation(r.timestamp(), recordName(index, target)));
    }

    private static String recordName(int index, String target) {
        return "record " + index + " of the batch to " + target;
    }

    private static Refusal timestampRefusal(String violation) {
        return violation == null ? null : new Refusal(ErrorCode.INVALID_TIMESTAMP, violation);
    }
}
