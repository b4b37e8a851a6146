package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's ElectLeaders API (key 43), versions 0-2, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ElectLeadersRequest {
    /** The TopicPartitions struct. */
    public static final class TopicPartitions {
        public static final Field<String> TOPIC = Field.string("Topic", "0+");
        public static final Field<List<Integer>> PARTITIONS = Field.<Integer>array("Partitions", "0+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("TopicPartitions", TOPIC, PARTITIONS);

        private TopicPartitions() {
        }
    }

    public static final Field<Byte> ELECTION_TYPE = Field.int8("ElectionType", "1+");
    public static final Field<List<Message>> TOPIC_PARTITIONS = Field.structArray("TopicPartitions", "0+", TopicPartitions.SCHEMA).nullable("0+");
    public static final Field<Integer> TIMEOUT_MS = Field.int32("TimeoutMs", "0+").withDefault(60000);
    public static final MessageSchema SCHEMA = MessageSchema.request("ElectLeadersRequest", 43, "0-2", "2+",
            ELECTION_TYPE, TOPIC_PARTITIONS, TIMEOUT_MS);

    private ElectLeadersRequest() {
    }
}
