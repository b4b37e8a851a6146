package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's ElectLeaders API (key 43), versions 0-2, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ElectLeadersResponse {
    /** The PartitionResult struct. */
    public static final class PartitionResult {
        public static final Field<Integer> PARTITION_ID = Field.int32("PartitionId", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("PartitionResult", PARTITION_ID, ERROR_CODE, ERROR_MESSAGE);

        private PartitionResult() {
        }
    }

    /** The ReplicaElectionResult struct. */
    public static final class ReplicaElectionResult {
        public static final Field<String> TOPIC = Field.string("Topic", "0+");
        public static final Field<List<Message>> PARTITION_RESULT = Field.structArray("PartitionResult", "0+", PartitionResult.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("ReplicaElectionResult", TOPIC, PARTITION_RESULT);

        private ReplicaElectionResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "1+");
    public static final Field<List<Message>> REPLICA_ELECTION_RESULTS = Field.structArray("ReplicaElectionResults", "0+", ReplicaElectionResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("ElectLeadersResponse", 43, "0-2", "2+",
            THROTTLE_TIME_MS, ERROR_CODE, REPLICA_ELECTION_RESULTS);

    private ElectLeadersResponse() {
    }
}
