package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's LeaveGroup API (key 13), versions 0-5, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class LeaveGroupResponse {
    /** The MemberResponse struct. */
    public static final class MemberResponse {
        public static final Field<String> MEMBER_ID = Field.string("MemberId", "3+");
        public static final Field<String> GROUP_INSTANCE_ID = Field.string("GroupInstanceId", "3+").nullable("3+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "3+");
        public static final StructSchema SCHEMA = StructSchema.of("MemberResponse", MEMBER_ID, GROUP_INSTANCE_ID, ERROR_CODE);

        private MemberResponse() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "1+").ignorable();
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<List<Message>> MEMBERS = Field.structArray("Members", "3+", MemberResponse.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("LeaveGroupResponse", 13, "0-5", "4+",
            THROTTLE_TIME_MS, ERROR_CODE, MEMBERS);

    private LeaveGroupResponse() {
    }
}
