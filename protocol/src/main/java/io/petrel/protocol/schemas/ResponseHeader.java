package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * Kafka's ResponseHeader header, versions 0-1, flexible in 1+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ResponseHeader {
    public static final Field<Integer> CORRELATION_ID = Field.int32("CorrelationId", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.header("ResponseHeader", "0-1", "1+",
            CORRELATION_ID);

    private ResponseHeader() {
    }
}
