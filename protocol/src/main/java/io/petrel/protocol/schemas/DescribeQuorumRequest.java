package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's DescribeQuorum API (key 55), versions 0-2, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeQuorumRequest {
    /** The PartitionData struct. */
    public static final class PartitionData {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("PartitionData", PARTITION_INDEX);

        private PartitionData() {
        }
    }

    /** The TopicData struct. */
    public static final class TopicData {
        public static final Field<String> TOPIC_NAME = Field.string("TopicName", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", PartitionData.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("TopicData", TOPIC_NAME, PARTITIONS);

        private TopicData() {
        }
    }

    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", TopicData.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeQuorumRequest", 55, "0-2", "0+",
            TOPICS);

    private DescribeQuorumRequest() {
    }
}
