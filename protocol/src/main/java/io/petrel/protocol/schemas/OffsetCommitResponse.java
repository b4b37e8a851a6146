package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The response of Kafka's OffsetCommit API (key 8), versions 2-10, flexible from 8+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class OffsetCommitResponse {
    /** The OffsetCommitResponsePartition struct. */
    public static final class OffsetCommitResponsePartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("OffsetCommitResponsePartition", PARTITION_INDEX, ERROR_CODE);

        private OffsetCommitResponsePartition() {
        }
    }

    /** The OffsetCommitResponseTopic struct. */
    public static final class OffsetCommitResponseTopic {
        public static final Field<String> NAME = Field.string("Name", "0-9").ignorable();
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "10+").ignorable();
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", OffsetCommitResponsePartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetCommitResponseTopic", NAME, TOPIC_ID, PARTITIONS);

        private OffsetCommitResponseTopic() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "3+").ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", OffsetCommitResponseTopic.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("OffsetCommitResponse", 8, "2-10", "8+",
            THROTTLE_TIME_MS, TOPICS);

    private OffsetCommitResponse() {
    }
}
