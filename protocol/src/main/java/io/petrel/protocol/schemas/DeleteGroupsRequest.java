package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's DeleteGroups API (key 42), versions 0-2, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DeleteGroupsRequest {
    public static final Field<List<String>> GROUPS_NAMES = Field.<String>array("GroupsNames", "0+", FieldType.STRING);
    public static final MessageSchema SCHEMA = MessageSchema.request("DeleteGroupsRequest", 42, "0-2", "2+",
            GROUPS_NAMES);

    private DeleteGroupsRequest() {
    }
}
