package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's OffsetForLeaderEpoch API (key 23), versions 2-4, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class OffsetForLeaderEpochResponse {
    /** The EpochEndOffset struct. */
    public static final class EpochEndOffset {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<Integer> PARTITION = Field.int32("Partition", "0+");
        public static final Field<Integer> LEADER_EPOCH = Field.int32("LeaderEpoch", "1+").withDefault(-1).ignorable();
        public static final Field<Long> END_OFFSET = Field.int64("EndOffset", "0+").withDefault(-1L);
        public static final StructSchema SCHEMA = StructSchema.of("EpochEndOffset", ERROR_CODE, PARTITION, LEADER_EPOCH, END_OFFSET);

        private EpochEndOffset() {
        }
    }

    /** The OffsetForLeaderTopicResult struct. */
    public static final class OffsetForLeaderTopicResult {
        public static final Field<String> TOPIC = Field.string("Topic", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", EpochEndOffset.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetForLeaderTopicResult", TOPIC, PARTITIONS);

        private OffsetForLeaderTopicResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "2+").ignorable();
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", OffsetForLeaderTopicResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("OffsetForLeaderEpochResponse", 23, "2-4", "4+",
            THROTTLE_TIME_MS, TOPICS);

    private OffsetForLeaderEpochResponse() {
    }
}
