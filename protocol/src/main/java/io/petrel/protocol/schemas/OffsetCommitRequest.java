package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The request of Kafka's OffsetCommit API (key 8), versions 2-10, flexible from 8+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class OffsetCommitRequest {
    /** The OffsetCommitRequestPartition struct. */
    public static final class OffsetCommitRequestPartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Long> COMMITTED_OFFSET = Field.int64("CommittedOffset", "0+");
        public static final Field<Integer> COMMITTED_LEADER_EPOCH = Field.int32("CommittedLeaderEpoch", "6+")
                .withDefault(-1).ignorable();
        public static final Field<String> COMMITTED_METADATA = Field.string("CommittedMetadata", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("OffsetCommitRequestPartition", PARTITION_INDEX, COMMITTED_OFFSET, COMMITTED_LEADER_EPOCH, COMMITTED_METADATA);

        private OffsetCommitRequestPartition() {
        }
    }

    /** The OffsetCommitRequestTopic struct. */
    public static final class OffsetCommitRequestTopic {
        public static final Field<String> NAME = Field.string("Name", "0-9").ignorable();
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "10+").ignorable();
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", OffsetCommitRequestPartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetCommitRequestTopic", NAME, TOPIC_ID, PARTITIONS);

        private OffsetCommitRequestTopic() {
        }
    }

    public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
    public static final Field<Integer> GENERATION_ID_OR_MEMBER_EPOCH = Field.int32("GenerationIdOrMemberEpoch", "1+")
            .withDefault(-1).ignorable();
    public static final Field<String> MEMBER_ID = Field.string("MemberId", "1+").ignorable();
    public static final Field<String> GROUP_INSTANCE_ID = Field.string("GroupInstanceId", "7+").nullable("7+")
            .withDefault(null);
    public static final Field<Long> RETENTION_TIME_MS = Field.int64("RetentionTimeMs", "2-4").withDefault(-1L)
            .ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", OffsetCommitRequestTopic.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("OffsetCommitRequest", 8, "2-10", "8+",
            GROUP_ID, GENERATION_ID_OR_MEMBER_EPOCH, MEMBER_ID, GROUP_INSTANCE_ID, RETENTION_TIME_MS, TOPICS);

    private OffsetCommitRequest() {
    }
}
