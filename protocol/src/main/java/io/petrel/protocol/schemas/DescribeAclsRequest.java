package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The request of Kafka's DescribeAcls API (key 29), versions 1-3, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeAclsRequest {
    public static final Field<Byte> RESOURCE_TYPE_FILTER = Field.int8("ResourceTypeFilter", "0+");
    public static final Field<String> RESOURCE_NAME_FILTER = Field.string("ResourceNameFilter", "0+").nullable("0+");
    public static final Field<Byte> PATTERN_TYPE_FILTER = Field.int8("PatternTypeFilter", "1+").withDefault((byte) 3);
    public static final Field<String> PRINCIPAL_FILTER = Field.string("PrincipalFilter", "0+").nullable("0+");
    public static final Field<String> HOST_FILTER = Field.string("HostFilter", "0+").nullable("0+");
    public static final Field<Byte> OPERATION = Field.int8("Operation", "0+");
    public static final Field<Byte> PERMISSION_TYPE = Field.int8("PermissionType", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeAclsRequest", 29, "1-3", "2+",
            RESOURCE_TYPE_FILTER, RESOURCE_NAME_FILTER, PATTERN_TYPE_FILTER, PRINCIPAL_FILTER, HOST_FILTER, OPERATION,
            PERMISSION_TYPE);

    private DescribeAclsRequest() {
    }
}
