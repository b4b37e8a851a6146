package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's ListGroups API (key 16), versions 0-5, flexible from 3+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ListGroupsResponse {
    /** The ListedGroup struct. */
    public static final class ListedGroup {
        public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
        public static final Field<String> PROTOCOL_TYPE = Field.string("ProtocolType", "0+");
        public static final Field<String> GROUP_STATE = Field.string("GroupState", "4+").ignorable();
        public static final Field<String> GROUP_TYPE = Field.string("GroupType", "5+").ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("ListedGroup", GROUP_ID, PROTOCOL_TYPE, GROUP_STATE, GROUP_TYPE);

        private ListedGroup() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "1+").ignorable();
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<List<Message>> GROUPS = Field.structArray("Groups", "0+", ListedGroup.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("ListGroupsResponse", 16, "0-5", "3+",
            THROTTLE_TIME_MS, ERROR_CODE, GROUPS);

    private ListGroupsResponse() {
    }
}
