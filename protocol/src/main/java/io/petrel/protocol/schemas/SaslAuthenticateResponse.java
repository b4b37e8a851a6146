package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The response of Kafka's SaslAuthenticate API (key 36), versions 0-2, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class SaslAuthenticateResponse {
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
    public static final Field<byte[]> AUTH_BYTES = Field.bytes("AuthBytes", "0+");
    public static final Field<Long> SESSION_LIFETIME_MS = Field.int64("SessionLifetimeMs", "1+").withDefault(0L)
            .ignorable();
    public static final MessageSchema SCHEMA = MessageSchema.response("SaslAuthenticateResponse", 36, "0-2", "2+",
            ERROR_CODE, ERROR_MESSAGE, AUTH_BYTES, SESSION_LIFETIME_MS);

    private SaslAuthenticateResponse() {
    }
}
