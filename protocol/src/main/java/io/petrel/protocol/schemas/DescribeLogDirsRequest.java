package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's DescribeLogDirs API (key 35), versions 1-5, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeLogDirsRequest {
    /** The DescribableLogDirTopic struct. */
    public static final class DescribableLogDirTopic {
        public static final Field<String> TOPIC = Field.string("Topic", "0+");
        public static final Field<List<Integer>> PARTITIONS = Field.<Integer>array("Partitions", "0+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("DescribableLogDirTopic", TOPIC, PARTITIONS);

        private DescribableLogDirTopic() {
        }
    }

    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", DescribableLogDirTopic.SCHEMA).nullable("0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeLogDirsRequest", 35, "1-5", "2+",
            TOPICS);

    private DescribeLogDirsRequest() {
    }
}
