package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's TxnOffsetCommit API (key 28), versions 0-5, flexible from 3+: an error code per
 * partition.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class TxnOffsetCommitResponse {
    /** The TxnOffsetCommitResponsePartition struct. */
    public static final class TxnOffsetCommitResponsePartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("TxnOffsetCommitResponsePartition", PARTITION_INDEX,
                ERROR_CODE);

        private TxnOffsetCommitResponsePartition() {
        }
    }

    /** The TxnOffsetCommitResponseTopic struct. */
    public static final class TxnOffsetCommitResponseTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+",
                TxnOffsetCommitResponsePartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("TxnOffsetCommitResponseTopic", NAME, PARTITIONS);

        private TxnOffsetCommitResponseTopic() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", TxnOffsetCommitResponseTopic.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("TxnOffsetCommitResponse", 28, "0-5", "3+",
            THROTTLE_TIME_MS, TOPICS);

    private TxnOffsetCommitResponse() {
    }
}
