package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The request of Kafka's SaslHandshake API (key 17), versions 0-1, flexible from none.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class SaslHandshakeRequest {
    public static final Field<String> MECHANISM = Field.string("Mechanism", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("SaslHandshakeRequest", 17, "0-1", "none",
            MECHANISM);

    private SaslHandshakeRequest() {
    }
}
