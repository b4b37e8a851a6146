package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's AlterPartitionReassignments API (key 45), versions 0-1, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class AlterPartitionReassignmentsResponse {
    /** The ReassignablePartitionResponse struct. */
    public static final class ReassignablePartitionResponse {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("ReassignablePartitionResponse", PARTITION_INDEX, ERROR_CODE, ERROR_MESSAGE);

        private ReassignablePartitionResponse() {
        }
    }

    /** The ReassignableTopicResponse struct. */
    public static final class ReassignableTopicResponse {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", ReassignablePartitionResponse.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("ReassignableTopicResponse", NAME, PARTITIONS);

        private ReassignableTopicResponse() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Boolean> ALLOW_REPLICATION_FACTOR_CHANGE = Field.bool("AllowReplicationFactorChange", "1+").withDefault(true).ignorable();
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
    public static final Field<List<Message>> RESPONSES = Field.structArray("Responses", "0+", ReassignableTopicResponse.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("AlterPartitionReassignmentsResponse", 45, "0-1", "0+",
            THROTTLE_TIME_MS, ALLOW_REPLICATION_FACTOR_CHANGE, ERROR_CODE, ERROR_MESSAGE, RESPONSES);

    private AlterPartitionReassignmentsResponse() {
    }
}
