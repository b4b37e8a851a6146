package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DescribeTransactions API (key 65), version 0, flexible: per transactional id its
 * state, timeout, start time, producer id and epoch, and the partitions of its open transaction.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeTransactionsResponse {
    /** The TopicData struct. */
    public static final class TopicData {
        public static final Field<String> TOPIC = Field.string("Topic", "0+");
        public static final Field<List<Integer>> PARTITIONS = Field.<Integer>array("Partitions", "0+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("TopicData", TOPIC, PARTITIONS);

        private TopicData() {
        }
    }

    /** The TransactionState struct. */
    public static final class TransactionState {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> TRANSACTIONAL_ID = Field.string("TransactionalId", "0+");
        public static final Field<String> TRANSACTION_STATE = Field.string("TransactionState", "0+");
        public static final Field<Integer> TRANSACTION_TIMEOUT_MS = Field.int32("TransactionTimeoutMs", "0+");
        public static final Field<Long> TRANSACTION_START_TIME_MS = Field.int64("TransactionStartTimeMs", "0+");
        public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "0+");
        public static final Field<Short> PRODUCER_EPOCH = Field.int16("ProducerEpoch", "0+");
        public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", TopicData.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("TransactionState", ERROR_CODE, TRANSACTIONAL_ID,
                TRANSACTION_STATE, TRANSACTION_TIMEOUT_MS, TRANSACTION_START_TIME_MS, PRODUCER_ID, PRODUCER_EPOCH,
                TOPICS);

        private TransactionState() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> TRANSACTION_STATES = Field.structArray("TransactionStates", "0+",
            TransactionState.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DescribeTransactionsResponse", 65, "0", "0+",
            THROTTLE_TIME_MS, TRANSACTION_STATES);

    private DescribeTransactionsResponse() {
    }
}
