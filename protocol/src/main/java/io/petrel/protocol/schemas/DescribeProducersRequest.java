package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's DescribeProducers API (key 61), version 0, flexible: the active producers of
 * some partitions.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeProducersRequest {
    /** The TopicRequest struct. */
    public static final class TopicRequest {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Integer>> PARTITION_INDEXES = Field.<Integer>array("PartitionIndexes", "0+",
                FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("TopicRequest", NAME, PARTITION_INDEXES);

        private TopicRequest() {
        }
    }

    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", TopicRequest.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeProducersRequest", 61, "0", "0+", TOPICS);

    private DescribeProducersRequest() {
    }
}
