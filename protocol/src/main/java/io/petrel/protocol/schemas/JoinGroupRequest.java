package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's JoinGroup API (key 11), versions 0-9, flexible from 6+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class JoinGroupRequest {
    /** The JoinGroupRequestProtocol struct. */
    public static final class JoinGroupRequestProtocol {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<byte[]> METADATA = Field.bytes("Metadata", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("JoinGroupRequestProtocol", NAME, METADATA);

        private JoinGroupRequestProtocol() {
        }
    }

    public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
    public static final Field<Integer> SESSION_TIMEOUT_MS = Field.int32("SessionTimeoutMs", "0+");
    public static final Field<Integer> REBALANCE_TIMEOUT_MS = Field.int32("RebalanceTimeoutMs", "1+").withDefault(-1)
            .ignorable();
    public static final Field<String> MEMBER_ID = Field.string("MemberId", "0+");
    public static final Field<String> GROUP_INSTANCE_ID = Field.string("GroupInstanceId", "5+").nullable("5+")
            .withDefault(null);
    public static final Field<String> PROTOCOL_TYPE = Field.string("ProtocolType", "0+");
    public static final Field<List<Message>> PROTOCOLS = Field.structArray("Protocols", "0+", JoinGroupRequestProtocol.SCHEMA);
    public static final Field<String> REASON = Field.string("Reason", "8+").nullable("8+").withDefault(null)
            .ignorable();
    public static final MessageSchema SCHEMA = MessageSchema.request("JoinGroupRequest", 11, "0-9", "6+",
            GROUP_ID, SESSION_TIMEOUT_MS, REBALANCE_TIMEOUT_MS, MEMBER_ID, GROUP_INSTANCE_ID, PROTOCOL_TYPE, PROTOCOLS, REASON);

    private JoinGroupRequest() {
    }
}
