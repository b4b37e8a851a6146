package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The response of Kafka's CreateTopics API (key 19), versions 2-7, flexible from 5+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class CreateTopicsResponse {
    /** The CreatableTopicConfigs struct. */
    public static final class CreatableTopicConfigs {
        public static final Field<String> NAME = Field.string("Name", "5+");
        public static final Field<String> VALUE = Field.string("Value", "5+").nullable("5+");
        public static final Field<Boolean> READ_ONLY = Field.bool("ReadOnly", "5+");
        public static final Field<Byte> CONFIG_SOURCE = Field.int8("ConfigSource", "5+").withDefault((byte) -1)
                .ignorable();
        public static final Field<Boolean> IS_SENSITIVE = Field.bool("IsSensitive", "5+");
        public static final StructSchema SCHEMA = StructSchema.of("CreatableTopicConfigs", NAME, VALUE, READ_ONLY, CONFIG_SOURCE, IS_SENSITIVE);

        private CreatableTopicConfigs() {
        }
    }

    /** The CreatableTopicResult struct. */
    public static final class CreatableTopicResult {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "7+").ignorable();
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "1+").nullable("0+").ignorable();
        public static final Field<Short> TOPIC_CONFIG_ERROR_CODE = Field.int16("TopicConfigErrorCode", "5+")
                .tagged("5+", 0).ignorable();
        public static final Field<Integer> NUM_PARTITIONS = Field.int32("NumPartitions", "5+").withDefault(-1)
                .ignorable();
        public static final Field<Short> REPLICATION_FACTOR = Field.int16("ReplicationFactor", "5+")
                .withDefault((short) -1).ignorable();
        public static final Field<List<Message>> CONFIGS = Field.structArray("Configs", "5+", CreatableTopicConfigs.SCHEMA).nullable("5+").ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("CreatableTopicResult", NAME, TOPIC_ID, ERROR_CODE, ERROR_MESSAGE, TOPIC_CONFIG_ERROR_CODE, NUM_PARTITIONS, REPLICATION_FACTOR, CONFIGS);

        private CreatableTopicResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "2+").ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", CreatableTopicResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("CreateTopicsResponse", 19, "2-7", "5+",
            THROTTLE_TIME_MS, TOPICS);

    private CreateTopicsResponse() {
    }
}
