package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The request of Kafka's Heartbeat API (key 12), versions 0-4, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class HeartbeatRequest {
    public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
    public static final Field<Integer> GENERATION_ID = Field.int32("GenerationId", "0+");
    public static final Field<String> MEMBER_ID = Field.string("MemberId", "0+");
    public static final Field<String> GROUP_INSTANCE_ID = Field.string("GroupInstanceId", "3+").nullable("3+")
            .withDefault(null);
    public static final MessageSchema SCHEMA = MessageSchema.request("HeartbeatRequest", 12, "0-4", "4+",
            GROUP_ID, GENERATION_ID, MEMBER_ID, GROUP_INSTANCE_ID);

    private HeartbeatRequest() {
    }
}
