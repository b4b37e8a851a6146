package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.MessageSchema;

import java.util.List;

/**
 * The request of Kafka's ListGroups API (key 16), versions 0-5, flexible from 3+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ListGroupsRequest {
    public static final Field<List<String>> STATES_FILTER = Field.<String>array("StatesFilter", "4+", FieldType.STRING);
    public static final Field<List<String>> TYPES_FILTER = Field.<String>array("TypesFilter", "5+", FieldType.STRING);
    public static final MessageSchema SCHEMA = MessageSchema.request("ListGroupsRequest", 16, "0-5", "3+",
            STATES_FILTER, TYPES_FILTER);

    private ListGroupsRequest() {
    }
}
