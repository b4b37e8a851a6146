package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The response of Kafka's Heartbeat API (key 12), versions 0-4, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class HeartbeatResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "1+").ignorable();
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.response("HeartbeatResponse", 12, "0-4", "4+",
            THROTTLE_TIME_MS, ERROR_CODE);

    private HeartbeatResponse() {
    }
}
