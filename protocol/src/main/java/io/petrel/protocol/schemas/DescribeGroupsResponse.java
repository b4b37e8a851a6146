package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DescribeGroups API (key 15), versions 0-6, flexible from 5+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeGroupsResponse {
    /** The DescribedGroupMember struct. */
    public static final class DescribedGroupMember {
        public static final Field<String> MEMBER_ID = Field.string("MemberId", "0+");
        public static final Field<String> GROUP_INSTANCE_ID = Field.string("GroupInstanceId", "4+").nullable("4+")
                .withDefault(null).ignorable();
        public static final Field<String> CLIENT_ID = Field.string("ClientId", "0+");
        public static final Field<String> CLIENT_HOST = Field.string("ClientHost", "0+");
        public static final Field<byte[]> MEMBER_METADATA = Field.bytes("MemberMetadata", "0+");
        public static final Field<byte[]> MEMBER_ASSIGNMENT = Field.bytes("MemberAssignment", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("DescribedGroupMember", MEMBER_ID, GROUP_INSTANCE_ID, CLIENT_ID, CLIENT_HOST, MEMBER_METADATA, MEMBER_ASSIGNMENT);

        private DescribedGroupMember() {
        }
    }

    /** The DescribedGroup struct. */
    public static final class DescribedGroup {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "6+").nullable("6+")
                .withDefault(null);
        public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
        public static final Field<String> GROUP_STATE = Field.string("GroupState", "0+");
        public static final Field<String> PROTOCOL_TYPE = Field.string("ProtocolType", "0+");
        public static final Field<String> PROTOCOL_DATA = Field.string("ProtocolData", "0+");
        public static final Field<List<Message>> MEMBERS = Field.structArray("Members", "0+", DescribedGroupMember.SCHEMA);
        public static final Field<Integer> AUTHORIZED_OPERATIONS = Field.int32("AuthorizedOperations", "3+")
                .withDefault(-2147483648);
        public static final StructSchema SCHEMA = StructSchema.of("DescribedGroup", ERROR_CODE, ERROR_MESSAGE, GROUP_ID, GROUP_STATE, PROTOCOL_TYPE, PROTOCOL_DATA, MEMBERS, AUTHORIZED_OPERATIONS);

        private DescribedGroup() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "1+").ignorable();
    public static final Field<List<Message>> GROUPS = Field.structArray("Groups", "0+", DescribedGroup.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DescribeGroupsResponse", 15, "0-6", "5+",
            THROTTLE_TIME_MS, GROUPS);

    private DescribeGroupsResponse() {
    }
}
