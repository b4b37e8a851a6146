package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The response of Kafka's AddOffsetsToTxn API (key 25), versions 0-4, flexible from 3+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class AddOffsetsToTxnResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.response("AddOffsetsToTxnResponse", 25, "0-4", "3+",
            THROTTLE_TIME_MS, ERROR_CODE);

    private AddOffsetsToTxnResponse() {
    }
}
