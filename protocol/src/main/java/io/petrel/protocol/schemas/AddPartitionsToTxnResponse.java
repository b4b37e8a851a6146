package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's AddPartitionsToTxn API (key 24), versions 0-5, flexible from 3+: per-partition
 * errors, grouped by transaction from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class AddPartitionsToTxnResponse {
    /** The AddPartitionsToTxnPartitionResult struct. */
    public static final class AddPartitionsToTxnPartitionResult {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Short> PARTITION_ERROR_CODE = Field.int16("PartitionErrorCode", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("AddPartitionsToTxnPartitionResult", PARTITION_INDEX,
                PARTITION_ERROR_CODE);

        private AddPartitionsToTxnPartitionResult() {
        }
    }

    /** The AddPartitionsToTxnTopicResult struct. */
    public static final class AddPartitionsToTxnTopicResult {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> RESULTS_BY_PARTITION = Field.structArray("ResultsByPartition", "0+",
                AddPartitionsToTxnPartitionResult.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("AddPartitionsToTxnTopicResult", NAME,
                RESULTS_BY_PARTITION);

        private AddPartitionsToTxnTopicResult() {
        }
    }

    /** The AddPartitionsToTxnResult struct. */
    public static final class AddPartitionsToTxnResult {
        public static final Field<String> TRANSACTIONAL_ID = Field.string("TransactionalId", "4+");
        public static final Field<List<Message>> TOPIC_RESULTS = Field.structArray("TopicResults", "4+",
                AddPartitionsToTxnTopicResult.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("AddPartitionsToTxnResult", TRANSACTIONAL_ID,
                TOPIC_RESULTS);

        private AddPartitionsToTxnResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "4+").ignorable();
    public static final Field<List<Message>> RESULTS_BY_TRANSACTION = Field.structArray("ResultsByTransaction", "4+",
            AddPartitionsToTxnResult.SCHEMA);
    public static final Field<List<Message>> RESULTS_BY_TOPIC_V3_AND_BELOW = Field.structArray(
            "ResultsByTopicV3AndBelow", "0-3", AddPartitionsToTxnTopicResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("AddPartitionsToTxnResponse", 24, "0-5", "3+",
            THROTTLE_TIME_MS, ERROR_CODE, RESULTS_BY_TRANSACTION, RESULTS_BY_TOPIC_V3_AND_BELOW);

    private AddPartitionsToTxnResponse() {
    }
}
