package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.MessageSchema;

import java.util.List;

/**
 * The request of Kafka's FindCoordinator API (key 10), versions 0-6, flexible from 3+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class FindCoordinatorRequest {
    public static final Field<String> KEY = Field.string("Key", "0-3");
    public static final Field<Byte> KEY_TYPE = Field.int8("KeyType", "1+").withDefault((byte) 0);
    public static final Field<List<String>> COORDINATOR_KEYS = Field.<String>array("CoordinatorKeys", "4+", FieldType.STRING);
    public static final MessageSchema SCHEMA = MessageSchema.request("FindCoordinatorRequest", 10, "0-6", "3+",
            KEY, KEY_TYPE, COORDINATOR_KEYS);

    private FindCoordinatorRequest() {
    }
}
