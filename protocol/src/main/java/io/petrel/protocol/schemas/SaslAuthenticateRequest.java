package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The request of Kafka's SaslAuthenticate API (key 36), versions 0-2, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class SaslAuthenticateRequest {
    public static final Field<byte[]> AUTH_BYTES = Field.bytes("AuthBytes", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("SaslAuthenticateRequest", 36, "0-2", "2+",
            AUTH_BYTES);

    private SaslAuthenticateRequest() {
    }
}
