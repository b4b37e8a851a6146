package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The request of Kafka's Metadata API (key 3), versions 0-13, flexible from 9+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class MetadataRequest {
    /** The MetadataRequestTopic struct. */
    public static final class MetadataRequestTopic {
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "10+").ignorable();
        public static final Field<String> NAME = Field.string("Name", "0+").nullable("10+");
        public static final StructSchema SCHEMA = StructSchema.of("MetadataRequestTopic", TOPIC_ID, NAME);

        private MetadataRequestTopic() {
        }
    }

    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", MetadataRequestTopic.SCHEMA)
            .nullable("1+");
    public static final Field<Boolean> ALLOW_AUTO_TOPIC_CREATION = Field.bool("AllowAutoTopicCreation", "4+")
            .withDefault(true);
    public static final Field<Boolean> INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS = Field.bool("IncludeClusterAuthorizedOperations", "8-10");
    public static final Field<Boolean> INCLUDE_TOPIC_AUTHORIZED_OPERATIONS = Field.bool("IncludeTopicAuthorizedOperations", "8+");
    public static final MessageSchema SCHEMA = MessageSchema.request("MetadataRequest", 3, "0-13", "9+",
            TOPICS, ALLOW_AUTO_TOPIC_CREATION, INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, INCLUDE_TOPIC_AUTHORIZED_OPERATIONS);

    private MetadataRequest() {
    }
}
