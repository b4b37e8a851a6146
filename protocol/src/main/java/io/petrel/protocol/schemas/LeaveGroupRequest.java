package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's LeaveGroup API (key 13), versions 0-5, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class LeaveGroupRequest {
    /** The MemberIdentity struct. */
    public static final class MemberIdentity {
        public static final Field<String> MEMBER_ID = Field.string("MemberId", "3+");
        public static final Field<String> GROUP_INSTANCE_ID = Field.string("GroupInstanceId", "3+").nullable("3+")
                .withDefault(null);
        public static final Field<String> REASON = Field.string("Reason", "5+").nullable("5+").withDefault(null)
                .ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("MemberIdentity", MEMBER_ID, GROUP_INSTANCE_ID, REASON);

        private MemberIdentity() {
        }
    }

    public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
    public static final Field<String> MEMBER_ID = Field.string("MemberId", "0-2");
    public static final Field<List<Message>> MEMBERS = Field.structArray("Members", "3+", MemberIdentity.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("LeaveGroupRequest", 13, "0-5", "4+",
            GROUP_ID, MEMBER_ID, MEMBERS);

    private LeaveGroupRequest() {
    }
}
