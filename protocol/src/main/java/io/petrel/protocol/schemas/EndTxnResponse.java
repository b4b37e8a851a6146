package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The response of Kafka's EndTxn API (key 26), versions 0-5, flexible from 3+; from 5 it carries the
 * producer id and the epoch the coordinator bumped to.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class EndTxnResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "5+").withDefault(-1L).ignorable();
    public static final Field<Short> PRODUCER_EPOCH = Field.int16("ProducerEpoch", "5+").withDefault((short) -1)
            .ignorable();
    public static final MessageSchema SCHEMA = MessageSchema.response("EndTxnResponse", 26, "0-5", "3+",
            THROTTLE_TIME_MS, ERROR_CODE, PRODUCER_ID, PRODUCER_EPOCH);

    private EndTxnResponse() {
    }
}
