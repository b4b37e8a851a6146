package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * The response of Kafka's Fetch API (key 1), versions 4-18, flexible from 12+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class FetchResponse {
    /** The EpochEndOffset struct. */
    public static final class EpochEndOffset {
        public static final Field<Integer> EPOCH = Field.int32("Epoch", "12+").withDefault(-1);
        public static final Field<Long> END_OFFSET = Field.int64("EndOffset", "12+").withDefault(-1L);
        public static final StructSchema SCHEMA = StructSchema.of("EpochEndOffset", EPOCH, END_OFFSET);

        private EpochEndOffset() {
        }
    }

    /** The LeaderIdAndEpoch struct. */
    public static final class LeaderIdAndEpoch {
        public static final Field<Integer> LEADER_ID = Field.int32("LeaderId", "12+").withDefault(-1);
        public static final Field<Integer> LEADER_EPOCH = Field.int32("LeaderEpoch", "12+").withDefault(-1);
        public static final StructSchema SCHEMA = StructSchema.of("LeaderIdAndEpoch", LEADER_ID, LEADER_EPOCH);

        private LeaderIdAndEpoch() {
        }
    }

    /** The SnapshotId struct. */
    public static final class SnapshotId {
        public static final Field<Long> END_OFFSET = Field.int64("EndOffset", "0+").withDefault(-1L);
        public static final Field<Integer> EPOCH = Field.int32("Epoch", "0+").withDefault(-1);
        public static final StructSchema SCHEMA = StructSchema.of("SnapshotId", END_OFFSET, EPOCH);

        private SnapshotId() {
        }
    }

    /** The AbortedTransaction struct. */
    public static final class AbortedTransaction {
        public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "4+");
        public static final Field<Long> FIRST_OFFSET = Field.int64("FirstOffset", "4+");
        public static final StructSchema SCHEMA = StructSchema.of("AbortedTransaction", PRODUCER_ID, FIRST_OFFSET);

        private AbortedTransaction() {
        }
    }

    /** The PartitionData struct. */
    public static final class PartitionData {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<Long> HIGH_WATERMARK = Field.int64("HighWatermark", "0+");
        public static final Field<Long> LAST_STABLE_OFFSET = Field.int64("LastStableOffset", "4+").withDefault(-1L)
                .ignorable();
        public static final Field<Long> LOG_START_OFFSET = Field.int64("LogStartOffset", "5+").withDefault(-1L)
                .ignorable();
        public static final Field<Message> DIVERGING_EPOCH = Field.struct("DivergingEpoch", "12+", EpochEndOffset.SCHEMA).tagged("12+", 0);
        public static final Field<Message> CURRENT_LEADER = Field.struct("CurrentLeader", "12+", LeaderIdAndEpoch.SCHEMA).tagged("12+", 1);
        public static final Field<Message> SNAPSHOT_ID = Field.struct("SnapshotId", "12+", SnapshotId.SCHEMA)
                .tagged("12+", 2);
        public static final Field<List<Message>> ABORTED_TRANSACTIONS = Field.structArray("AbortedTransactions", "4+", AbortedTransaction.SCHEMA).nullable("4+").ignorable();
        public static final Field<Integer> PREFERRED_READ_REPLICA = Field.int32("PreferredReadReplica", "11+")
                .withDefault(-1);
        public static final Field<ByteBuffer> RECORDS = Field.records("Records", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("PartitionData", PARTITION_INDEX, ERROR_CODE, HIGH_WATERMARK, LAST_STABLE_OFFSET, LOG_START_OFFSET, DIVERGING_EPOCH, CURRENT_LEADER, SNAPSHOT_ID, ABORTED_TRANSACTIONS, PREFERRED_READ_REPLICA, RECORDS);

        private PartitionData() {
        }
    }

    /** The FetchableTopicResponse struct. */
    public static final class FetchableTopicResponse {
        public static final Field<String> TOPIC = Field.string("Topic", "0-12").ignorable();
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "13+").ignorable();
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", PartitionData.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("FetchableTopicResponse", TOPIC, TOPIC_ID, PARTITIONS);

        private FetchableTopicResponse() {
        }
    }

    /** The NodeEndpoint struct. */
    public static final class NodeEndpoint {
        public static final Field<Integer> NODE_ID = Field.int32("NodeId", "16+");
        public static final Field<String> HOST = Field.string("Host", "16+");
        public static final Field<Integer> PORT = Field.int32("Port", "16+");
        public static final Field<String> RACK = Field.string("Rack", "16+").nullable("16+").withDefault(null);
        public static final StructSchema SCHEMA = StructSchema.of("NodeEndpoint", NODE_ID, HOST, PORT, RACK);

        private NodeEndpoint() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "1+").ignorable();
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "7+").ignorable();
    public static final Field<Integer> SESSION_ID = Field.int32("SessionId", "7+").withDefault(0);
    public static final Field<List<Message>> RESPONSES = Field.structArray("Responses", "0+", FetchableTopicResponse.SCHEMA);
    public static final Field<List<Message>> NODE_ENDPOINTS = Field.structArray("NodeEndpoints", "16+", NodeEndpoint.SCHEMA).tagged("16+", 0);
    public static final MessageSchema SCHEMA = MessageSchema.response("FetchResponse", 1, "4-18", "12+",
            THROTTLE_TIME_MS, ERROR_CODE, SESSION_ID, RESPONSES, NODE_ENDPOINTS);

    private FetchResponse() {
    }
}
