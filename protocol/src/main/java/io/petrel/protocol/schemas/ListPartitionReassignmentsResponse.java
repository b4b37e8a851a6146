package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's ListPartitionReassignments API (key 46), versions 0, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ListPartitionReassignmentsResponse {
    /** The OngoingPartitionReassignment struct. */
    public static final class OngoingPartitionReassignment {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<List<Integer>> REPLICAS = Field.<Integer>array("Replicas", "0+", FieldType.INT32);
        public static final Field<List<Integer>> ADDING_REPLICAS = Field.<Integer>array("AddingReplicas", "0+", FieldType.INT32);
        public static final Field<List<Integer>> REMOVING_REPLICAS = Field.<Integer>array("RemovingReplicas", "0+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("OngoingPartitionReassignment", PARTITION_INDEX, REPLICAS, ADDING_REPLICAS, REMOVING_REPLICAS);

        private OngoingPartitionReassignment() {
        }
    }

    /** The OngoingTopicReassignment struct. */
    public static final class OngoingTopicReassignment {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", OngoingPartitionReassignment.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("OngoingTopicReassignment", NAME, PARTITIONS);

        private OngoingTopicReassignment() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", OngoingTopicReassignment.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("ListPartitionReassignmentsResponse", 46, "0", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, TOPICS);

    private ListPartitionReassignmentsResponse() {
    }
}
