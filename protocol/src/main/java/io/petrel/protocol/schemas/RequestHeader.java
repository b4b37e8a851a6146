package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * Kafka's RequestHeader header, versions 1-2, flexible in 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class RequestHeader {
    public static final Field<Short> REQUEST_API_KEY = Field.int16("RequestApiKey", "0+");
    public static final Field<Short> REQUEST_API_VERSION = Field.int16("RequestApiVersion", "0+");
    public static final Field<Integer> CORRELATION_ID = Field.int32("CorrelationId", "0+");
    public static final Field<String> CLIENT_ID = Field.string("ClientId", "1+").nullable("1+").flexibleIn("none");
    public static final MessageSchema SCHEMA = MessageSchema.header("RequestHeader", "1-2", "2+",
            REQUEST_API_KEY, REQUEST_API_VERSION, CORRELATION_ID, CLIENT_ID);

    private RequestHeader() {
    }
}
