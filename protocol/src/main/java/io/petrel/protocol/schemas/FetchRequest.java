package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The request of Kafka's Fetch API (key 1), versions 4-18, flexible from 12+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class FetchRequest {
    /** The ReplicaState struct. */
    public static final class ReplicaState {
        public static final Field<Integer> REPLICA_ID = Field.int32("ReplicaId", "15+").withDefault(-1);
        public static final Field<Long> REPLICA_EPOCH = Field.int64("ReplicaEpoch", "15+").withDefault(-1L);
        public static final StructSchema SCHEMA = StructSchema.of("ReplicaState", REPLICA_ID, REPLICA_EPOCH);

        private ReplicaState() {
        }
    }

    /** The FetchPartition struct. */
    public static final class FetchPartition {
        public static final Field<Integer> PARTITION = Field.int32("Partition", "0+");
        public static final Field<Integer> CURRENT_LEADER_EPOCH = Field.int32("CurrentLeaderEpoch", "9+")
                .withDefault(-1).ignorable();
        public static final Field<Long> FETCH_OFFSET = Field.int64("FetchOffset", "0+");
        public static final Field<Integer> LAST_FETCHED_EPOCH = Field.int32("LastFetchedEpoch", "12+").withDefault(-1);
        public static final Field<Long> LOG_START_OFFSET = Field.int64("LogStartOffset", "5+").withDefault(-1L)
                .ignorable();
        public static final Field<Integer> PARTITION_MAX_BYTES = Field.int32("PartitionMaxBytes", "0+");
        public static final Field<UUID> REPLICA_DIRECTORY_ID = Field.uuid("ReplicaDirectoryId", "17+").tagged("17+", 0)
                .ignorable();
        public static final Field<Long> HIGH_WATERMARK = Field.int64("HighWatermark", "18+").tagged("18+", 1)
                .withDefault(9223372036854775807L).ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("FetchPartition", PARTITION, CURRENT_LEADER_EPOCH, FETCH_OFFSET, LAST_FETCHED_EPOCH, LOG_START_OFFSET, PARTITION_MAX_BYTES, REPLICA_DIRECTORY_ID, HIGH_WATERMARK);

        private FetchPartition() {
        }
    }

    /** The FetchTopic struct. */
    public static final class FetchTopic {
        public static final Field<String> TOPIC = Field.string("Topic", "0-12").ignorable();
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "13+").ignorable();
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", FetchPartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("FetchTopic", TOPIC, TOPIC_ID, PARTITIONS);

        private FetchTopic() {
        }
    }

    /** The ForgottenTopic struct. */
    public static final class ForgottenTopic {
        public static final Field<String> TOPIC = Field.string("Topic", "7-12").ignorable();
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "13+").ignorable();
        public static final Field<List<Integer>> PARTITIONS = Field.<Integer>array("Partitions", "7+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("ForgottenTopic", TOPIC, TOPIC_ID, PARTITIONS);

        private ForgottenTopic() {
        }
    }

    public static final Field<String> CLUSTER_ID = Field.string("ClusterId", "12+").nullable("12+").tagged("12+", 0)
            .withDefault(null).ignorable();
    public static final Field<Integer> REPLICA_ID = Field.int32("ReplicaId", "0-14").withDefault(-1);
    public static final Field<Message> REPLICA_STATE = Field.struct("ReplicaState", "15+", ReplicaState.SCHEMA)
            .tagged("15+", 1);
    public static final Field<Integer> MAX_WAIT_MS = Field.int32("MaxWaitMs", "0+");
    public static final Field<Integer> MIN_BYTES = Field.int32("MinBytes", "0+");
    public static final Field<Integer> MAX_BYTES = Field.int32("MaxBytes", "3+").withDefault(2147483647).ignorable();
    public static final Field<Byte> ISOLATION_LEVEL = Field.int8("IsolationLevel", "4+").withDefault((byte) 0)
            .ignorable();
    public static final Field<Integer> SESSION_ID = Field.int32("SessionId", "7+").withDefault(0).ignorable();
    public static final Field<Integer> SESSION_EPOCH = Field.int32("SessionEpoch", "7+").withDefault(-1).ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", FetchTopic.SCHEMA);
    public static final Field<List<Message>> FORGOTTEN_TOPICS_DATA = Field.structArray("ForgottenTopicsData", "7+", ForgottenTopic.SCHEMA);
    public static final Field<String> RACK_ID = Field.string("RackId", "11+").ignorable();
    public static final MessageSchema SCHEMA = MessageSchema.request("FetchRequest", 1, "4-18", "12+",
            CLUSTER_ID, REPLICA_ID, REPLICA_STATE, MAX_WAIT_MS, MIN_BYTES, MAX_BYTES, ISOLATION_LEVEL, SESSION_ID, SESSION_EPOCH, TOPICS, FORGOTTEN_TOPICS_DATA, RACK_ID);

    private FetchRequest() {
    }
}
