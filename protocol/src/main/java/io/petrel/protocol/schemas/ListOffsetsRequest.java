package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's ListOffsets API (key 2), versions 1-11, flexible from 6+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ListOffsetsRequest {
    /** The ListOffsetsPartition struct. */
    public static final class ListOffsetsPartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Integer> CURRENT_LEADER_EPOCH = Field.int32("CurrentLeaderEpoch", "4+")
                .withDefault(-1).ignorable();
        public static final Field<Long> TIMESTAMP = Field.int64("Timestamp", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("ListOffsetsPartition", PARTITION_INDEX, CURRENT_LEADER_EPOCH, TIMESTAMP);

        private ListOffsetsPartition() {
        }
    }

    /** The ListOffsetsTopic struct. */
    public static final class ListOffsetsTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", ListOffsetsPartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("ListOffsetsTopic", NAME, PARTITIONS);

        private ListOffsetsTopic() {
        }
    }

    public static final Field<Integer> REPLICA_ID = Field.int32("ReplicaId", "0+");
    public static final Field<Byte> ISOLATION_LEVEL = Field.int8("IsolationLevel", "2+");
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", ListOffsetsTopic.SCHEMA);
    public static final Field<Integer> TIMEOUT_MS = Field.int32("TimeoutMs", "10+").ignorable();
    public static final MessageSchema SCHEMA = MessageSchema.request("ListOffsetsRequest", 2, "1-11", "6+",
            REPLICA_ID, ISOLATION_LEVEL, TOPICS, TIMEOUT_MS);

    private ListOffsetsRequest() {
    }
}
