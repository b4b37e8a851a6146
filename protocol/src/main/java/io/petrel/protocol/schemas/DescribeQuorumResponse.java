package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The response of Kafka's DescribeQuorum API (key 55), versions 0-2, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeQuorumResponse {
    /** The ReplicaState struct. */
    public static final class ReplicaState {
        public static final Field<Integer> REPLICA_ID = Field.int32("ReplicaId", "0+");
        public static final Field<UUID> REPLICA_DIRECTORY_ID = Field.uuid("ReplicaDirectoryId", "2+");
        public static final Field<Long> LOG_END_OFFSET = Field.int64("LogEndOffset", "0+");
        public static final Field<Long> LAST_FETCH_TIMESTAMP = Field.int64("LastFetchTimestamp", "1+").withDefault(-1L).ignorable();
        public static final Field<Long> LAST_CAUGHT_UP_TIMESTAMP = Field.int64("LastCaughtUpTimestamp", "1+").withDefault(-1L).ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("ReplicaState", REPLICA_ID, REPLICA_DIRECTORY_ID, LOG_END_OFFSET, LAST_FETCH_TIMESTAMP, LAST_CAUGHT_UP_TIMESTAMP);

        private ReplicaState() {
        }
    }

    /** The PartitionData struct. */
    public static final class PartitionData {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "2+").nullable("2+").ignorable();
        public static final Field<Integer> LEADER_ID = Field.int32("LeaderId", "0+");
        public static final Field<Integer> LEADER_EPOCH = Field.int32("LeaderEpoch", "0+");
        public static final Field<Long> HIGH_WATERMARK = Field.int64("HighWatermark", "0+");
        public static final Field<List<Message>> CURRENT_VOTERS = Field.structArray("CurrentVoters", "0+", ReplicaState.SCHEMA);
        public static final Field<List<Message>> OBSERVERS = Field.structArray("Observers", "0+", ReplicaState.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("PartitionData", PARTITION_INDEX, ERROR_CODE, ERROR_MESSAGE, LEADER_ID, LEADER_EPOCH, HIGH_WATERMARK, CURRENT_VOTERS, OBSERVERS);

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

    /** The Listener struct. */
    public static final class Listener {
        public static final Field<String> NAME = Field.string("Name", "2+");
        public static final Field<String> HOST = Field.string("Host", "2+");
        public static final Field<Integer> PORT = Field.uint16("Port", "2+");
        public static final StructSchema SCHEMA = StructSchema.of("Listener", NAME, HOST, PORT);

        private Listener() {
        }
    }

    /** The Node struct. */
    public static final class Node {
        public static final Field<Integer> NODE_ID = Field.int32("NodeId", "2+");
        public static final Field<List<Message>> LISTENERS = Field.structArray("Listeners", "2+", Listener.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("Node", NODE_ID, LISTENERS);

        private Node() {
        }
    }

    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "2+").nullable("2+").ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", TopicData.SCHEMA);
    public static final Field<List<Message>> NODES = Field.structArray("Nodes", "2+", Node.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DescribeQuorumResponse", 55, "0-2", "0+",
            ERROR_CODE, ERROR_MESSAGE, TOPICS, NODES);

    private DescribeQuorumResponse() {
    }
}
