package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * Kafka's ConsumerProtocolSubscription payload, versions 0-3, flexible in none.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ConsumerProtocolSubscription {
    /** The TopicPartition struct. */
    public static final class TopicPartition {
        public static final Field<String> TOPIC = Field.string("Topic", "1+");
        public static final Field<List<Integer>> PARTITIONS = Field.<Integer>array("Partitions", "1+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("TopicPartition", TOPIC, PARTITIONS);

        private TopicPartition() {
        }
    }

    public static final Field<List<String>> TOPICS = Field.<String>array("Topics", "0+", FieldType.STRING);
    public static final Field<byte[]> USER_DATA = Field.bytes("UserData", "0+").nullable("0+").withDefault(null);
    public static final Field<List<Message>> OWNED_PARTITIONS = Field.structArray("OwnedPartitions", "1+", TopicPartition.SCHEMA).ignorable();
    public static final Field<Integer> GENERATION_ID = Field.int32("GenerationId", "2+").withDefault(-1).ignorable();
    public static final Field<String> RACK_ID = Field.string("RackId", "3+").nullable("3+").withDefault(null)
            .ignorable();
    public static final MessageSchema SCHEMA = MessageSchema.data("ConsumerProtocolSubscription", "0-3", "none",
            TOPICS, USER_DATA, OWNED_PARTITIONS, GENERATION_ID, RACK_ID);

    private ConsumerProtocolSubscription() {
    }
}
