package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The response of Kafka's InitProducerId API (key 22), versions 0-5, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class InitProducerIdResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+").ignorable();
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "0+").withDefault(-1L);
    public static final Field<Short> PRODUCER_EPOCH = Field.int16("ProducerEpoch", "0+");
    public static final Field<Long> ONGOING_TXN_PRODUCER_ID = Field.int64("OngoingTxnProducerId", "6+")
            .withDefault(-1L);
    public static final Field<Short> ONGOING_TXN_PRODUCER_EPOCH = Field.int16("OngoingTxnProducerEpoch", "6+")
            .withDefault((short) -1);
    public static final MessageSchema SCHEMA = MessageSchema.response("InitProducerIdResponse", 22, "0-5", "2+",
            THROTTLE_TIME_MS, ERROR_CODE, PRODUCER_ID, PRODUCER_EPOCH, ONGOING_TXN_PRODUCER_ID, ONGOING_TXN_PRODUCER_EPOCH);

    private InitProducerIdResponse() {
    }
}
