package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The response of Kafka's DescribeTopicPartitions API (key 75), versions 0, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeTopicPartitionsResponse {
    /** The DescribeTopicPartitionsResponsePartition struct. */
    public static final class DescribeTopicPartitionsResponsePartition {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Integer> LEADER_ID = Field.int32("LeaderId", "0+");
        public static final Field<Integer> LEADER_EPOCH = Field.int32("LeaderEpoch", "0+").withDefault(-1).ignorable();
        public static final Field<List<Integer>> REPLICA_NODES = Field.<Integer>array("ReplicaNodes", "0+", FieldType.INT32);
        public static final Field<List<Integer>> ISR_NODES = Field.<Integer>array("IsrNodes", "0+", FieldType.INT32);
        public static final Field<List<Integer>> ELIGIBLE_LEADER_REPLICAS = Field.<Integer>array("EligibleLeaderReplicas", "0+", FieldType.INT32).nullable("0+").withDefault(null);
        public static final Field<List<Integer>> LAST_KNOWN_ELR = Field.<Integer>array("LastKnownElr", "0+", FieldType.INT32).nullable("0+").withDefault(null);
        public static final Field<List<Integer>> OFFLINE_REPLICAS = Field.<Integer>array("OfflineReplicas", "0+", FieldType.INT32).ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("DescribeTopicPartitionsResponsePartition", ERROR_CODE, PARTITION_INDEX, LEADER_ID, LEADER_EPOCH, REPLICA_NODES, ISR_NODES, ELIGIBLE_LEADER_REPLICAS, LAST_KNOWN_ELR, OFFLINE_REPLICAS);

        private DescribeTopicPartitionsResponsePartition() {
        }
    }

    /** The DescribeTopicPartitionsResponseTopic struct. */
    public static final class DescribeTopicPartitionsResponseTopic {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> NAME = Field.string("Name", "0+").nullable("0+");
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "0+").ignorable();
        public static final Field<Boolean> IS_INTERNAL = Field.bool("IsInternal", "0+").withDefault(false).ignorable();
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", DescribeTopicPartitionsResponsePartition.SCHEMA);
        public static final Field<Integer> TOPIC_AUTHORIZED_OPERATIONS = Field.int32("TopicAuthorizedOperations", "0+").withDefault(-2147483648);
        public static final StructSchema SCHEMA = StructSchema.of("DescribeTopicPartitionsResponseTopic", ERROR_CODE, NAME, TOPIC_ID, IS_INTERNAL, PARTITIONS, TOPIC_AUTHORIZED_OPERATIONS);

        private DescribeTopicPartitionsResponseTopic() {
        }
    }

    /** The Cursor struct. */
    public static final class Cursor {
        public static final Field<String> TOPIC_NAME = Field.string("TopicName", "0+");
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("Cursor", TOPIC_NAME, PARTITION_INDEX);

        private Cursor() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+").ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", DescribeTopicPartitionsResponseTopic.SCHEMA);
    public static final Field<Message> NEXT_CURSOR = Field.struct("NextCursor", "0+", Cursor.SCHEMA).nullable("0+").withDefault(null);
    public static final MessageSchema SCHEMA = MessageSchema.response("DescribeTopicPartitionsResponse", 75, "0", "0+",
            THROTTLE_TIME_MS, TOPICS, NEXT_CURSOR);

    private DescribeTopicPartitionsResponse() {
    }
}
