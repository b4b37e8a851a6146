package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's OffsetDelete API (key 47), version 0, never flexible: drop a group's committed offsets.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class OffsetDeleteRequest {
    /** The OffsetDeleteRequestPartition struct. */
    public static final class OffsetDeleteRequestPartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("OffsetDeleteRequestPartition", PARTITION_INDEX);

        private OffsetDeleteRequestPartition() {
        }
    }

    /** The OffsetDeleteRequestTopic struct. */
    public static final class OffsetDeleteRequestTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+",
                OffsetDeleteRequestPartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetDeleteRequestTopic", NAME, PARTITIONS);

        private OffsetDeleteRequestTopic() {
        }
    }

    public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", OffsetDeleteRequestTopic.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("OffsetDeleteRequest", 47, "0", "none",
            GROUP_ID, TOPICS);

    private OffsetDeleteRequest() {
    }
}
