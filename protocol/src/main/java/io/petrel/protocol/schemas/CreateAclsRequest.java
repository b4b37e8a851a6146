package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's CreateAcls API (key 30), versions 1-3, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class CreateAclsRequest {
    /** The AclCreation struct. */
    public static final class AclCreation {
        public static final Field<Byte> RESOURCE_TYPE = Field.int8("ResourceType", "0+");
        public static final Field<String> RESOURCE_NAME = Field.string("ResourceName", "0+");
        public static final Field<Byte> RESOURCE_PATTERN_TYPE = Field.int8("ResourcePatternType", "1+").withDefault((byte) 3);
        public static final Field<String> PRINCIPAL = Field.string("Principal", "0+");
        public static final Field<String> HOST = Field.string("Host", "0+");
        public static final Field<Byte> OPERATION = Field.int8("Operation", "0+");
        public static final Field<Byte> PERMISSION_TYPE = Field.int8("PermissionType", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("AclCreation", RESOURCE_TYPE, RESOURCE_NAME,
                RESOURCE_PATTERN_TYPE, PRINCIPAL, HOST, OPERATION, PERMISSION_TYPE);

        private AclCreation() {
        }
    }

    public static final Field<List<Message>> CREATIONS = Field.structArray("Creations", "0+", AclCreation.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("CreateAclsRequest", 30, "1-3", "2+", CREATIONS);

    private CreateAclsRequest() {
    }
}
