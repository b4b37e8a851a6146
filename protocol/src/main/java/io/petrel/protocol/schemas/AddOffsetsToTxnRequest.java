package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The request of Kafka's AddOffsetsToTxn API (key 25), versions 0-4, flexible from 3+: adds a consumer
 * group's offsets partition to a transaction (transactions version 1; version 2 lets TxnOffsetCommit do it).
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class AddOffsetsToTxnRequest {
    public static final Field<String> TRANSACTIONAL_ID = Field.string("TransactionalId", "0+");
    public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "0+");
    public static final Field<Short> PRODUCER_EPOCH = Field.int16("ProducerEpoch", "0+");
    public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("AddOffsetsToTxnRequest", 25, "0-4", "3+",
            TRANSACTIONAL_ID, PRODUCER_ID, PRODUCER_EPOCH, GROUP_ID);

    private AddOffsetsToTxnRequest() {
    }
}
