package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DeleteAcls API (key 31), versions 1-3, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DeleteAclsResponse {
    /** The DeleteAclsMatchingAcl struct. */
    public static final class DeleteAclsMatchingAcl {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+")
                .withDefault(null);
        public static final Field<Byte> RESOURCE_TYPE = Field.int8("ResourceType", "0+");
        public static final Field<String> RESOURCE_NAME = Field.string("ResourceName", "0+");
        public static final Field<Byte> PATTERN_TYPE = Field.int8("PatternType", "1+").withDefault((byte) 3);
        public static final Field<String> PRINCIPAL = Field.string("Principal", "0+");
        public static final Field<String> HOST = Field.string("Host", "0+");
        public static final Field<Byte> OPERATION = Field.int8("Operation", "0+");
        public static final Field<Byte> PERMISSION_TYPE = Field.int8("PermissionType", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("DeleteAclsMatchingAcl", ERROR_CODE, ERROR_MESSAGE,
                RESOURCE_TYPE, RESOURCE_NAME, PATTERN_TYPE, PRINCIPAL, HOST, OPERATION, PERMISSION_TYPE);

        private DeleteAclsMatchingAcl() {
        }
    }

    /** The DeleteAclsFilterResult struct. */
    public static final class DeleteAclsFilterResult {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+")
                .withDefault(null);
        public static final Field<List<Message>> MATCHING_ACLS = Field.structArray("MatchingAcls", "0+",
                DeleteAclsMatchingAcl.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("DeleteAclsFilterResult", ERROR_CODE, ERROR_MESSAGE,
                MATCHING_ACLS);

        private DeleteAclsFilterResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> FILTER_RESULTS = Field.structArray("FilterResults", "0+",
            DeleteAclsFilterResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DeleteAclsResponse", 31, "1-3", "2+",
            THROTTLE_TIME_MS, FILTER_RESULTS);

    private DeleteAclsResponse() {
    }
}
