package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DeleteRecords API (key 21), versions 0-2, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DeleteRecordsResponse {
    /** The DeleteRecordsPartitionResult struct. */
    public static final class DeleteRecordsPartitionResult {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Long> LOW_WATERMARK = Field.int64("LowWatermark", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("DeleteRecordsPartitionResult", PARTITION_INDEX,
                LOW_WATERMARK, ERROR_CODE);

        private DeleteRecordsPartitionResult() {
        }
    }

    /** The DeleteRecordsTopicResult struct. */
    public static final class DeleteRecordsTopicResult {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+",
                DeleteRecordsPartitionResult.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("DeleteRecordsTopicResult", NAME, PARTITIONS);

        private DeleteRecordsTopicResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", DeleteRecordsTopicResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DeleteRecordsResponse", 21, "0-2", "2+",
            THROTTLE_TIME_MS, TOPICS);

    private DeleteRecordsResponse() {
    }
}
