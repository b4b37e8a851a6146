package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The response of Kafka's OffsetFetch API (key 9), versions 1-10, flexible from 6+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class OffsetFetchResponse {
    /** The OffsetFetchResponsePartition struct. */
    public static final class OffsetFetchResponsePartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0-7");
        public static final Field<Long> COMMITTED_OFFSET = Field.int64("CommittedOffset", "0-7");
        public static final Field<Integer> COMMITTED_LEADER_EPOCH = Field.int32("CommittedLeaderEpoch", "5-7")
                .withDefault(-1).ignorable();
        public static final Field<String> METADATA = Field.string("Metadata", "0-7").nullable("0-7");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0-7");
        public static final StructSchema SCHEMA = StructSchema.of("OffsetFetchResponsePartition", PARTITION_INDEX, COMMITTED_OFFSET, COMMITTED_LEADER_EPOCH, METADATA, ERROR_CODE);

        private OffsetFetchResponsePartition() {
        }
    }

    /** The OffsetFetchResponseTopic struct. */
    public static final class OffsetFetchResponseTopic {
        public static final Field<String> NAME = Field.string("Name", "0-7");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0-7", OffsetFetchResponsePartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetFetchResponseTopic", NAME, PARTITIONS);

        private OffsetFetchResponseTopic() {
        }
    }

    /** The OffsetFetchResponsePartitions struct. */
    public static final class OffsetFetchResponsePartitions {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "8+");
        public static final Field<Long> COMMITTED_OFFSET = Field.int64("CommittedOffset", "8+");
        public static final Field<Integer> COMMITTED_LEADER_EPOCH = Field.int32("CommittedLeaderEpoch", "8+")
                .withDefault(-1).ignorable();
        public static final Field<String> METADATA = Field.string("Metadata", "8+").nullable("8+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "8+");
        public static final StructSchema SCHEMA = StructSchema.of("OffsetFetchResponsePartitions", PARTITION_INDEX, COMMITTED_OFFSET, COMMITTED_LEADER_EPOCH, METADATA, ERROR_CODE);

        private OffsetFetchResponsePartitions() {
        }
    }

    /** The OffsetFetchResponseTopics struct. */
    public static final class OffsetFetchResponseTopics {
        public static final Field<String> NAME = Field.string("Name", "8-9").ignorable();
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "10+").ignorable();
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "8+", OffsetFetchResponsePartitions.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetFetchResponseTopics", NAME, TOPIC_ID, PARTITIONS);

        private OffsetFetchResponseTopics() {
        }
    }

    /** The OffsetFetchResponseGroup struct. */
    public static final class OffsetFetchResponseGroup {
        public static final Field<String> GROUP_ID = Field.string("GroupId", "8+");
        public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "8+", OffsetFetchResponseTopics.SCHEMA);
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "8+").withDefault((short) 0);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetFetchResponseGroup", GROUP_ID, TOPICS, ERROR_CODE);

        private OffsetFetchResponseGroup() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "3+").ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0-7", OffsetFetchResponseTopic.SCHEMA);
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "2-7").withDefault((short) 0).ignorable();
    public static final Field<List<Message>> GROUPS = Field.structArray("Groups", "8+", OffsetFetchResponseGroup.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("OffsetFetchResponse", 9, "1-10", "6+",
            THROTTLE_TIME_MS, TOPICS, ERROR_CODE, GROUPS);

    private OffsetFetchResponse() {
    }
}
