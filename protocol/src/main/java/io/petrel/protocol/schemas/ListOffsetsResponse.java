package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's ListOffsets API (key 2), versions 1-11, flexible from 6+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ListOffsetsResponse {
    /** The ListOffsetsPartitionResponse struct. */
    public static final class ListOffsetsPartitionResponse {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<Long> TIMESTAMP = Field.int64("Timestamp", "1+").withDefault(-1L);
        public static final Field<Long> OFFSET = Field.int64("Offset", "1+").withDefault(-1L);
        public static final Field<Integer> LEADER_EPOCH = Field.int32("LeaderEpoch", "4+").withDefault(-1);
        public static final StructSchema SCHEMA = StructSchema.of("ListOffsetsPartitionResponse", PARTITION_INDEX, ERROR_CODE, TIMESTAMP, OFFSET, LEADER_EPOCH);

        private ListOffsetsPartitionResponse() {
        }
    }

    /** The ListOffsetsTopicResponse struct. */
    public static final class ListOffsetsTopicResponse {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", ListOffsetsPartitionResponse.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("ListOffsetsTopicResponse", NAME, PARTITIONS);

        private ListOffsetsTopicResponse() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "2+").ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", ListOffsetsTopicResponse.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("ListOffsetsResponse", 2, "1-11", "6+",
            THROTTLE_TIME_MS, TOPICS);

    private ListOffsetsResponse() {
    }
}
