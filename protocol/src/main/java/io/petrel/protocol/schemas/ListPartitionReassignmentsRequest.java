package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's ListPartitionReassignments API (key 46), versions 0, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ListPartitionReassignmentsRequest {
    /** The ListPartitionReassignmentsTopics struct. */
    public static final class ListPartitionReassignmentsTopics {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Integer>> PARTITION_INDEXES = Field.<Integer>array("PartitionIndexes", "0+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("ListPartitionReassignmentsTopics", NAME, PARTITION_INDEXES);

        private ListPartitionReassignmentsTopics() {
        }
    }

    public static final Field<Integer> TIMEOUT_MS = Field.int32("TimeoutMs", "0+").withDefault(60000);
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", ListPartitionReassignmentsTopics.SCHEMA).nullable("0+").withDefault(null);
    public static final MessageSchema SCHEMA = MessageSchema.request("ListPartitionReassignmentsRequest", 46, "0", "0+",
            TIMEOUT_MS, TOPICS);

    private ListPartitionReassignmentsRequest() {
    }
}
