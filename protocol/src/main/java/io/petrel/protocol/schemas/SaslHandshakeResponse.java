package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.MessageSchema;

import java.util.List;

/**
 * The response of Kafka's SaslHandshake API (key 17), versions 0-1, flexible from none.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class SaslHandshakeResponse {
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<List<String>> MECHANISMS = Field.<String>array("Mechanisms", "0+", FieldType.STRING);
    public static final MessageSchema SCHEMA = MessageSchema.response("SaslHandshakeResponse", 17, "0-1", "none",
            ERROR_CODE, MECHANISMS);

    private SaslHandshakeResponse() {
    }
}
