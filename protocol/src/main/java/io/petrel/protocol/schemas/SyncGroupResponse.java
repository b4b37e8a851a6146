package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The response of Kafka's SyncGroup API (key 14), versions 0-5, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class SyncGroupResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "1+").ignorable();
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<String> PROTOCOL_TYPE = Field.string("ProtocolType", "5+").nullable("5+")
            .withDefault(null).ignorable();
    public static final Field<String> PROTOCOL_NAME = Field.string("ProtocolName", "5+").nullable("5+")
            .withDefault(null).ignorable();
    public static final Field<byte[]> ASSIGNMENT = Field.bytes("Assignment", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.response("SyncGroupResponse", 14, "0-5", "4+",
            THROTTLE_TIME_MS, ERROR_CODE, PROTOCOL_TYPE, PROTOCOL_NAME, ASSIGNMENT);

    private SyncGroupResponse() {
    }
}
