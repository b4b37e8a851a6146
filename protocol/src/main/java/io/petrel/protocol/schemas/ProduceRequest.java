package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * The request of Kafka's Produce API (key 0), versions 3-13, flexible from 9+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ProduceRequest {
    /** The PartitionProduceData struct. */
    public static final class PartitionProduceData {
        public static final Field<Integer> INDEX = Field.int32("Index", "0+");
        public static final Field<ByteBuffer> RECORDS = Field.records("Records", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("PartitionProduceData", INDEX, RECORDS);

        private PartitionProduceData() {
        }
    }

    /** The TopicProduceData struct. */
    public static final class TopicProduceData {
        public static final Field<String> NAME = Field.string("Name", "0-12").ignorable();
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "13+").ignorable();
        public static final Field<List<Message>> PARTITION_DATA = Field.structArray("PartitionData", "0+", PartitionProduceData.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("TopicProduceData", NAME, TOPIC_ID, PARTITION_DATA);

        private TopicProduceData() {
        }
    }

    public static final Field<String> TRANSACTIONAL_ID = Field.string("TransactionalId", "3+").nullable("3+")
            .withDefault(null);
    public static final Field<Short> ACKS = Field.int16("Acks", "0+");
    public static final Field<Integer> TIMEOUT_MS = Field.int32("TimeoutMs", "0+");
    public static final Field<List<Message>> TOPIC_DATA = Field.structArray("TopicData", "0+", TopicProduceData.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("ProduceRequest", 0, "3-13", "9+",
            TRANSACTIONAL_ID, ACKS, TIMEOUT_MS, TOPIC_DATA);

    private ProduceRequest() {
    }
}
