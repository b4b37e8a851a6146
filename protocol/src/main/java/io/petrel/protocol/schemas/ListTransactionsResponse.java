package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's ListTransactions API (key 66), versions 0-2, flexible: each transactional id with
 * its producer id and state, and the state filters the coordinator did not know.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ListTransactionsResponse {
    /** The TransactionState struct. */
    public static final class TransactionState {
        public static final Field<String> TRANSACTIONAL_ID = Field.string("TransactionalId", "0+");
        public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "0+");
        public static final Field<String> TRANSACTION_STATE = Field.string("TransactionState", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("TransactionState", TRANSACTIONAL_ID, PRODUCER_ID,
                TRANSACTION_STATE);

        private TransactionState() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<List<String>> UNKNOWN_STATE_FILTERS = Field.<String>array("UnknownStateFilters", "0+",
            FieldType.STRING);
    public static final Field<List<Message>> TRANSACTION_STATES = Field.structArray("TransactionStates", "0+",
            TransactionState.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("ListTransactionsResponse", 66, "0-2", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, UNKNOWN_STATE_FILTERS, TRANSACTION_STATES);

    private ListTransactionsResponse() {
    }
}
