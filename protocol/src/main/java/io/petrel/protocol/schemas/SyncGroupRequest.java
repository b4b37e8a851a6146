package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's SyncGroup API (key 14), versions 0-5, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class SyncGroupRequest {
    /** The SyncGroupRequestAssignment struct. */
    public static final class SyncGroupRequestAssignment {
        public static final Field<String> MEMBER_ID = Field.string("MemberId", "0+");
        public static final Field<byte[]> ASSIGNMENT = Field.bytes("Assignment", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("SyncGroupRequestAssignment", MEMBER_ID, ASSIGNMENT);

        private SyncGroupRequestAssignment() {
        }
    }

    public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
    public static final Field<Integer> GENERATION_ID = Field.int32("GenerationId", "0+");
    public static final Field<String> MEMBER_ID = Field.string("MemberId", "0+");
    public static final Field<String> GROUP_INSTANCE_ID = Field.string("GroupInstanceId", "3+").nullable("3+")
            .withDefault(null);
    public static final Field<String> PROTOCOL_TYPE = Field.string("ProtocolType", "5+").nullable("5+")
            .withDefault(null).ignorable();
    public static final Field<String> PROTOCOL_NAME = Field.string("ProtocolName", "5+").nullable("5+")
            .withDefault(null).ignorable();
    public static final Field<List<Message>> ASSIGNMENTS = Field.structArray("Assignments", "0+", SyncGroupRequestAssignment.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("SyncGroupRequest", 14, "0-5", "4+",
            GROUP_ID, GENERATION_ID, MEMBER_ID, GROUP_INSTANCE_ID, PROTOCOL_TYPE, PROTOCOL_NAME, ASSIGNMENTS);

    private SyncGroupRequest() {
    }
}
