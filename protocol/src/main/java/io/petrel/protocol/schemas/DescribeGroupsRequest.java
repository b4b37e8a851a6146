package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.MessageSchema;

import java.util.List;

/**
 * The request of Kafka's DescribeGroups API (key 15), versions 0-6, flexible from 5+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeGroupsRequest {
    public static final Field<List<String>> GROUPS = Field.<String>array("Groups", "0+", FieldType.STRING);
    public static final Field<Boolean> INCLUDE_AUTHORIZED_OPERATIONS = Field.bool("IncludeAuthorizedOperations", "3+");
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeGroupsRequest", 15, "0-6", "5+",
            GROUPS, INCLUDE_AUTHORIZED_OPERATIONS);

    private DescribeGroupsRequest() {
    }
}
