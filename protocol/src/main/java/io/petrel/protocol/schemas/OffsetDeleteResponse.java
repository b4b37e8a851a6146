package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's OffsetDelete API (key 47), version 0, never flexible.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class OffsetDeleteResponse {
    /** The OffsetDeleteResponsePartition struct. */
    public static final class OffsetDeleteResponsePartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("OffsetDeleteResponsePartition", PARTITION_INDEX,
                ERROR_CODE);

        private OffsetDeleteResponsePartition() {
        }
    }

    /** The OffsetDeleteResponseTopic struct. */
    public static final class OffsetDeleteResponseTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+",
                OffsetDeleteResponsePartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetDeleteResponseTopic", NAME, PARTITIONS);

        private OffsetDeleteResponseTopic() {
        }
    }

    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+").ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", OffsetDeleteResponseTopic.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("OffsetDeleteResponse", 47, "0", "none",
            ERROR_CODE, THROTTLE_TIME_MS, TOPICS);

    private OffsetDeleteResponse() {
    }
}
