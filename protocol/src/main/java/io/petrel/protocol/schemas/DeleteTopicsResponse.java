package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The response of Kafka's DeleteTopics API (key 20), versions 1-6, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DeleteTopicsResponse {
    /** The DeletableTopicResult struct. */
    public static final class DeletableTopicResult {
        public static final Field<String> NAME = Field.string("Name", "0+").nullable("6+");
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "6+").ignorable();
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "5+").nullable("5+")
                .withDefault(null).ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("DeletableTopicResult", NAME, TOPIC_ID, ERROR_CODE, ERROR_MESSAGE);

        private DeletableTopicResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "1+").ignorable();
    public static final Field<List<Message>> RESPONSES = Field.structArray("Responses", "0+", DeletableTopicResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DeleteTopicsResponse", 20, "1-6", "4+",
            THROTTLE_TIME_MS, RESPONSES);

    private DeleteTopicsResponse() {
    }
}
