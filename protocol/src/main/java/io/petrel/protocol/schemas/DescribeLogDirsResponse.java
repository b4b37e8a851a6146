package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DescribeLogDirs API (key 35), versions 1-5, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeLogDirsResponse {
    /** The DescribeLogDirsPartition struct. */
    public static final class DescribeLogDirsPartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Long> PARTITION_SIZE = Field.int64("PartitionSize", "0+");
        public static final Field<Long> OFFSET_LAG = Field.int64("OffsetLag", "0+");
        public static final Field<Boolean> IS_FUTURE_KEY = Field.bool("IsFutureKey", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("DescribeLogDirsPartition", PARTITION_INDEX, PARTITION_SIZE, OFFSET_LAG, IS_FUTURE_KEY);

        private DescribeLogDirsPartition() {
        }
    }

    /** The DescribeLogDirsTopic struct. */
    public static final class DescribeLogDirsTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", DescribeLogDirsPartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("DescribeLogDirsTopic", NAME, PARTITIONS);

        private DescribeLogDirsTopic() {
        }
    }

    /** The DescribeLogDirsResult struct. */
    public static final class DescribeLogDirsResult {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> LOG_DIR = Field.string("LogDir", "0+");
        public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", DescribeLogDirsTopic.SCHEMA);
        public static final Field<Long> TOTAL_BYTES = Field.int64("TotalBytes", "4+").withDefault(-1L).ignorable();
        public static final Field<Long> USABLE_BYTES = Field.int64("UsableBytes", "4+").withDefault(-1L).ignorable();
        public static final Field<Boolean> IS_CORDONED = Field.bool("IsCordoned", "5+").withDefault(false).ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("DescribeLogDirsResult", ERROR_CODE, LOG_DIR, TOPICS, TOTAL_BYTES, USABLE_BYTES, IS_CORDONED);

        private DescribeLogDirsResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "3+").ignorable();
    public static final Field<List<Message>> RESULTS = Field.structArray("Results", "0+", DescribeLogDirsResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DescribeLogDirsResponse", 35, "1-5", "2+",
            THROTTLE_TIME_MS, ERROR_CODE, RESULTS);

    private DescribeLogDirsResponse() {
    }
}
