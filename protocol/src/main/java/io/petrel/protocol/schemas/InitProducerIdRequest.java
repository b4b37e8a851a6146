package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The request of Kafka's InitProducerId API (key 22), versions 0-5, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class InitProducerIdRequest {
    public static final Field<String> TRANSACTIONAL_ID = Field.string("TransactionalId", "0+").nullable("0+");
    public static final Field<Integer> TRANSACTION_TIMEOUT_MS = Field.int32("TransactionTimeoutMs", "0+");
    public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "3+").withDefault(-1L);
    public static final Field<Short> PRODUCER_EPOCH = Field.int16("ProducerEpoch", "3+").withDefault((short) -1);
    public static final Field<Boolean> ENABLE2_PC = Field.bool("Enable2Pc", "6+").withDefault(false);
    public static final Field<Boolean> KEEP_PREPARED_TXN = Field.bool("KeepPreparedTxn", "6+").withDefault(false);
    public static final MessageSchema SCHEMA = MessageSchema.request("InitProducerIdRequest", 22, "0-5", "2+",
            TRANSACTIONAL_ID, TRANSACTION_TIMEOUT_MS, PRODUCER_ID, PRODUCER_EPOCH, ENABLE2_PC, KEEP_PREPARED_TXN);

    private InitProducerIdRequest() {
    }
}
