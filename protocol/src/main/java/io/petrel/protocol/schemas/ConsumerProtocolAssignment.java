package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * Kafka's ConsumerProtocolAssignment payload, versions 0-3, flexible in none.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ConsumerProtocolAssignment {
    /** The TopicPartition struct. */
    public static final class TopicPartition {
        public static final Field<String> TOPIC = Field.string("Topic", "0+");
        public static final Field<List<Integer>> PARTITIONS = Field.<Integer>array("Partitions", "0+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("TopicPartition", TOPIC, PARTITIONS);

        private TopicPartition() {
        }
    }

    public static final Field<List<Message>> ASSIGNED_PARTITIONS = Field.structArray("AssignedPartitions", "0+", TopicPartition.SCHEMA);
    public static final Field<byte[]> USER_DATA = Field.bytes("UserData", "0+").nullable("0+").withDefault(null);
    public static final MessageSchema SCHEMA = MessageSchema.data("ConsumerProtocolAssignment", "0-3", "none",
            ASSIGNED_PARTITIONS, USER_DATA);

    private ConsumerProtocolAssignment() {
    }
}
