package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's JoinGroup API (key 11), versions 0-9, flexible from 6+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class JoinGroupResponse {
    /** The JoinGroupResponseMember struct. */
    public static final class JoinGroupResponseMember {
        public static final Field<String> MEMBER_ID = Field.string("MemberId", "0+");
        public static final Field<String> GROUP_INSTANCE_ID = Field.string("GroupInstanceId", "5+").nullable("5+")
                .withDefault(null).ignorable();
        public static final Field<byte[]> METADATA = Field.bytes("Metadata", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("JoinGroupResponseMember", MEMBER_ID, GROUP_INSTANCE_ID, METADATA);

        private JoinGroupResponseMember() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "2+").ignorable();
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<Integer> GENERATION_ID = Field.int32("GenerationId", "0+").withDefault(-1);
    public static final Field<String> PROTOCOL_TYPE = Field.string("ProtocolType", "7+").nullable("7+")
            .withDefault(null).ignorable();
    public static final Field<String> PROTOCOL_NAME = Field.string("ProtocolName", "0+").nullable("7+");
    public static final Field<String> LEADER = Field.string("Leader", "0+");
    public static final Field<Boolean> SKIP_ASSIGNMENT = Field.bool("SkipAssignment", "9+").withDefault(false);
    public static final Field<String> MEMBER_ID = Field.string("MemberId", "0+");
    public static final Field<List<Message>> MEMBERS = Field.structArray("Members", "0+", JoinGroupResponseMember.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("JoinGroupResponse", 11, "0-9", "6+",
            THROTTLE_TIME_MS, ERROR_CODE, GENERATION_ID, PROTOCOL_TYPE, PROTOCOL_NAME, LEADER, SKIP_ASSIGNMENT, MEMBER_ID, MEMBERS);

    private JoinGroupResponse() {
    }
}
