package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's OffsetForLeaderEpoch API (key 23), versions 2-4, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class OffsetForLeaderEpochRequest {
    /** The OffsetForLeaderPartition struct. */
    public static final class OffsetForLeaderPartition {
        public static final Field<Integer> PARTITION = Field.int32("Partition", "0+");
        public static final Field<Integer> CURRENT_LEADER_EPOCH = Field.int32("CurrentLeaderEpoch", "2+").withDefault(-1).ignorable();
        public static final Field<Integer> LEADER_EPOCH = Field.int32("LeaderEpoch", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("OffsetForLeaderPartition", PARTITION, CURRENT_LEADER_EPOCH, LEADER_EPOCH);

        private OffsetForLeaderPartition() {
        }
    }

    /** The OffsetForLeaderTopic struct. */
    public static final class OffsetForLeaderTopic {
        public static final Field<String> TOPIC = Field.string("Topic", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", OffsetForLeaderPartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetForLeaderTopic", TOPIC, PARTITIONS);

        private OffsetForLeaderTopic() {
        }
    }

    public static final Field<Integer> REPLICA_ID = Field.int32("ReplicaId", "3+").withDefault(-2).ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", OffsetForLeaderTopic.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("OffsetForLeaderEpochRequest", 23, "2-4", "4+",
            REPLICA_ID, TOPICS);

    private OffsetForLeaderEpochRequest() {
    }
}
