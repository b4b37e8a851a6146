package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DescribeProducers API (key 61), version 0, flexible: per partition its active
 * producers (id, epoch, last sequence and timestamp, coordinator epoch, start of the open transaction).
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeProducersResponse {
    /** The ProducerState struct. */
    public static final class ProducerState {
        public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "0+");
        public static final Field<Integer> PRODUCER_EPOCH = Field.int32("ProducerEpoch", "0+");
        public static final Field<Integer> LAST_SEQUENCE = Field.int32("LastSequence", "0+").withDefault(-1);
        public static final Field<Long> LAST_TIMESTAMP = Field.int64("LastTimestamp", "0+").withDefault(-1L);
        public static final Field<Integer> COORDINATOR_EPOCH = Field.int32("CoordinatorEpoch", "0+");
        public static final Field<Long> CURRENT_TXN_START_OFFSET = Field.int64("CurrentTxnStartOffset", "0+")
                .withDefault(-1L);
        public static final StructSchema SCHEMA = StructSchema.of("ProducerState", PRODUCER_ID, PRODUCER_EPOCH,
                LAST_SEQUENCE, LAST_TIMESTAMP, COORDINATOR_EPOCH, CURRENT_TXN_START_OFFSET);

        private ProducerState() {
        }
    }

    /** The PartitionResponse struct. */
    public static final class PartitionResponse {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
        public static final Field<List<Message>> ACTIVE_PRODUCERS = Field.structArray("ActiveProducers", "0+",
                ProducerState.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("PartitionResponse", PARTITION_INDEX, ERROR_CODE,
                ERROR_MESSAGE, ACTIVE_PRODUCERS);

        private PartitionResponse() {
        }
    }

    /** The TopicResponse struct. */
    public static final class TopicResponse {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+",
                PartitionResponse.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("TopicResponse", NAME, PARTITIONS);

        private TopicResponse() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", TopicResponse.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DescribeProducersResponse", 61, "0", "0+",
            THROTTLE_TIME_MS, TOPICS);

    private DescribeProducersResponse() {
    }
}
