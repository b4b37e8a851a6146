package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The request of Kafka's EndTxn API (key 26), versions 0-5, flexible from 3+: commits or aborts a
 * transaction. From 5 (transactions version 2) the coordinator bumps the producer epoch at every end.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class EndTxnRequest {
    public static final Field<String> TRANSACTIONAL_ID = Field.string("TransactionalId", "0+");
    public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "0+");
    public static final Field<Short> PRODUCER_EPOCH = Field.int16("ProducerEpoch", "0+");
    public static final Field<Boolean> COMMITTED = Field.bool("Committed", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("EndTxnRequest", 26, "0-5", "3+",
            TRANSACTIONAL_ID, PRODUCER_ID, PRODUCER_EPOCH, COMMITTED);

    private EndTxnRequest() {
    }
}
