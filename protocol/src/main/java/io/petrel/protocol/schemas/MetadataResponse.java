package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The response of Kafka's Metadata API (key 3), versions 0-13, flexible from 9+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class MetadataResponse {
    /** The MetadataResponseBroker struct. */
    public static final class MetadataResponseBroker {
        public static final Field<Integer> NODE_ID = Field.int32("NodeId", "0+");
        public static final Field<String> HOST = Field.string("Host", "0+");
        public static final Field<Integer> PORT = Field.int32("Port", "0+");
        public static final Field<String> RACK = Field.string("Rack", "1+").nullable("1+").withDefault(null)
                .ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("MetadataResponseBroker", NODE_ID, HOST, PORT, RACK);

        private MetadataResponseBroker() {
        }
    }

    /** The MetadataResponsePartition struct. */
    public static final class MetadataResponsePartition {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Integer> LEADER_ID = Field.int32("LeaderId", "0+");
        public static final Field<Integer> LEADER_EPOCH = Field.int32("LeaderEpoch", "7+").withDefault(-1).ignorable();
        public static final Field<List<Integer>> REPLICA_NODES = Field.<Integer>array("ReplicaNodes", "0+", FieldType.INT32);
        public static final Field<List<Integer>> ISR_NODES = Field.<Integer>array("IsrNodes", "0+", FieldType.INT32);
        public static final Field<List<Integer>> OFFLINE_REPLICAS = Field.<Integer>array("OfflineReplicas", "5+", FieldType.INT32).ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("MetadataResponsePartition", ERROR_CODE, PARTITION_INDEX, LEADER_ID, LEADER_EPOCH, REPLICA_NODES, ISR_NODES, OFFLINE_REPLICAS);

        private MetadataResponsePartition() {
        }
    }

    /** The MetadataResponseTopic struct. */
    public static final class MetadataResponseTopic {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> NAME = Field.string("Name", "0+").nullable("12+");
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "10+").ignorable();
        public static final Field<Boolean> IS_INTERNAL = Field.bool("IsInternal", "1+").withDefault(false).ignorable();
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", MetadataResponsePartition.SCHEMA);
        public static final Field<Integer> TOPIC_AUTHORIZED_OPERATIONS = Field.int32("TopicAuthorizedOperations", "8+")
                .withDefault(-2147483648);
        public static final StructSchema SCHEMA = StructSchema.of("MetadataResponseTopic", ERROR_CODE, NAME, TOPIC_ID, IS_INTERNAL, PARTITIONS, TOPIC_AUTHORIZED_OPERATIONS);

        private MetadataResponseTopic() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "3+").ignorable();
    public static final Field<List<Message>> BROKERS = Field.structArray("Brokers", "0+", MetadataResponseBroker.SCHEMA);
    public static final Field<String> CLUSTER_ID = Field.string("ClusterId", "2+").nullable("2+").withDefault(null)
            .ignorable();
    public static final Field<Integer> CONTROLLER_ID = Field.int32("ControllerId", "1+").withDefault(-1).ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", MetadataResponseTopic.SCHEMA);
    public static final Field<Integer> CLUSTER_AUTHORIZED_OPERATIONS = Field.int32("ClusterAuthorizedOperations", "8-10").withDefault(-2147483648);
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "13+").ignorable();
    public static final MessageSchema SCHEMA = MessageSchema.response("MetadataResponse", 3, "0-13", "9+",
            THROTTLE_TIME_MS, BROKERS, CLUSTER_ID, CONTROLLER_ID, TOPICS, CLUSTER_AUTHORIZED_OPERATIONS, ERROR_CODE);

    private MetadataResponse() {
    }
}
