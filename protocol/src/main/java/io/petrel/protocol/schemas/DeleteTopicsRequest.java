package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The request of Kafka's DeleteTopics API (key 20), versions 1-6, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DeleteTopicsRequest {
    /** The DeleteTopicState struct. */
    public static final class DeleteTopicState {
        public static final Field<String> NAME = Field.string("Name", "6+").nullable("6+").withDefault(null);
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "6+");
        public static final StructSchema SCHEMA = StructSchema.of("DeleteTopicState", NAME, TOPIC_ID);

        private DeleteTopicState() {
        }
    }

    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "6+", DeleteTopicState.SCHEMA);
    public static final Field<List<String>> TOPIC_NAMES = Field.<String>array("TopicNames", "0-5", FieldType.STRING)
            .ignorable();
    public static final Field<Integer> TIMEOUT_MS = Field.int32("TimeoutMs", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("DeleteTopicsRequest", 20, "1-6", "4+",
            TOPICS, TOPIC_NAMES, TIMEOUT_MS);

    private DeleteTopicsRequest() {
    }
}
