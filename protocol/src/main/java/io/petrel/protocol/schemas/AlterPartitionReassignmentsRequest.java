package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's AlterPartitionReassignments API (key 45), versions 0-1, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class AlterPartitionReassignmentsRequest {
    /** The ReassignablePartition struct. */
    public static final class ReassignablePartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<List<Integer>> REPLICAS = Field.<Integer>array("Replicas", "0+", FieldType.INT32).nullable("0+").withDefault(null);
        public static final StructSchema SCHEMA = StructSchema.of("ReassignablePartition", PARTITION_INDEX, REPLICAS);

        private ReassignablePartition() {
        }
    }

    /** The ReassignableTopic struct. */
    public static final class ReassignableTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", ReassignablePartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("ReassignableTopic", NAME, PARTITIONS);

        private ReassignableTopic() {
        }
    }

    public static final Field<Integer> TIMEOUT_MS = Field.int32("TimeoutMs", "0+").withDefault(60000);
    public static final Field<Boolean> ALLOW_REPLICATION_FACTOR_CHANGE = Field.bool("AllowReplicationFactorChange", "1+").withDefault(true);
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", ReassignableTopic.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("AlterPartitionReassignmentsRequest", 45, "0-1", "0+",
            TIMEOUT_MS, ALLOW_REPLICATION_FACTOR_CHANGE, TOPICS);

    private AlterPartitionReassignmentsRequest() {
    }
}
