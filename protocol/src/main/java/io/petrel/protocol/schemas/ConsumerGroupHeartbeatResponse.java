package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's ConsumerGroupHeartbeat API (key 68, KIP-848), versions 0-1, flexible from 0:
 * the member's id and epoch, how often to heartbeat, and (when it changed) the partitions the member may
 * use now. The assignment reuses the request's {@link ConsumerGroupHeartbeatRequest.TopicPartitions}
 * struct, which has the same fields.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ConsumerGroupHeartbeatResponse {
    /** The Assignment struct. */
    public static final class Assignment {
        public static final Field<List<Message>> TOPIC_PARTITIONS = Field.structArray("TopicPartitions", "0+",
                ConsumerGroupHeartbeatRequest.TopicPartitions.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("Assignment", TOPIC_PARTITIONS);

        private Assignment() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+")
            .withDefault(null);
    public static final Field<String> MEMBER_ID = Field.string("MemberId", "0+").nullable("0+").withDefault(null);
    public static final Field<Integer> MEMBER_EPOCH = Field.int32("MemberEpoch", "0+");
    public static final Field<Integer> HEARTBEAT_INTERVAL_MS = Field.int32("HeartbeatIntervalMs", "0+");
    public static final Field<Message> ASSIGNMENT = Field.struct("Assignment", "0+", Assignment.SCHEMA)
            .nullable("0+").withDefault(null);
    public static final MessageSchema SCHEMA = MessageSchema.response("ConsumerGroupHeartbeatResponse", 68, "0-1",
            "0+", THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, MEMBER_ID, MEMBER_EPOCH, HEARTBEAT_INTERVAL_MS,
            ASSIGNMENT);

    private ConsumerGroupHeartbeatResponse() {
    }
}
