package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's DescribeTopicPartitions API (key 75), versions 0, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeTopicPartitionsRequest {
    /** The TopicRequest struct. */
    public static final class TopicRequest {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("TopicRequest", NAME);

        private TopicRequest() {
        }
    }

    /** The Cursor struct. */
    public static final class Cursor {
        public static final Field<String> TOPIC_NAME = Field.string("TopicName", "0+");
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("Cursor", TOPIC_NAME, PARTITION_INDEX);

        private Cursor() {
        }
    }

    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", TopicRequest.SCHEMA);
    public static final Field<Integer> RESPONSE_PARTITION_LIMIT = Field.int32("ResponsePartitionLimit", "0+").withDefault(2000);
    public static final Field<Message> CURSOR = Field.struct("Cursor", "0+", Cursor.SCHEMA).nullable("0+").withDefault(null);
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeTopicPartitionsRequest", 75, "0", "0+",
            TOPICS, RESPONSE_PARTITION_LIMIT, CURSOR);

    private DescribeTopicPartitionsRequest() {
    }
}
