package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The response of Kafka's Produce API (key 0), versions 3-13, flexible from 9+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ProduceResponse {
    /** The BatchIndexAndErrorMessage struct. */
    public static final class BatchIndexAndErrorMessage {
        public static final Field<Integer> BATCH_INDEX = Field.int32("BatchIndex", "8+");
        public static final Field<String> BATCH_INDEX_ERROR_MESSAGE = Field.string("BatchIndexErrorMessage", "8+")
                .nullable("8+").withDefault(null);
        public static final StructSchema SCHEMA = StructSchema.of("BatchIndexAndErrorMessage", BATCH_INDEX, BATCH_INDEX_ERROR_MESSAGE);

        private BatchIndexAndErrorMessage() {
        }
    }

    /** The LeaderIdAndEpoch struct. */
    public static final class LeaderIdAndEpoch {
        public static final Field<Integer> LEADER_ID = Field.int32("LeaderId", "10+").withDefault(-1);
        public static final Field<Integer> LEADER_EPOCH = Field.int32("LeaderEpoch", "10+").withDefault(-1);
        public static final StructSchema SCHEMA = StructSchema.of("LeaderIdAndEpoch", LEADER_ID, LEADER_EPOCH);

        private LeaderIdAndEpoch() {
        }
    }

    /** The PartitionProduceResponse struct. */
    public static final class PartitionProduceResponse {
        public static final Field<Integer> INDEX = Field.int32("Index", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<Long> BASE_OFFSET = Field.int64("BaseOffset", "0+");
        public static final Field<Long> LOG_APPEND_TIME_MS = Field.int64("LogAppendTimeMs", "2+").withDefault(-1L)
                .ignorable();
        public static final Field<Long> LOG_START_OFFSET = Field.int64("LogStartOffset", "5+").withDefault(-1L)
                .ignorable();
        public static final Field<List<Message>> RECORD_ERRORS = Field.structArray("RecordErrors", "8+", BatchIndexAndErrorMessage.SCHEMA).ignorable();
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "8+").nullable("8+")
                .withDefault(null).ignorable();
        public static final Field<Message> CURRENT_LEADER = Field.struct("CurrentLeader", "10+", LeaderIdAndEpoch.SCHEMA).tagged("10+", 0);
        public static final StructSchema SCHEMA = StructSchema.of("PartitionProduceResponse", INDEX, ERROR_CODE, BASE_OFFSET, LOG_APPEND_TIME_MS, LOG_START_OFFSET, RECORD_ERRORS, ERROR_MESSAGE, CURRENT_LEADER);

        private PartitionProduceResponse() {
        }
    }

    /** The TopicProduceResponse struct. */
    public static final class TopicProduceResponse {
        public static final Field<String> NAME = Field.string("Name", "0-12").ignorable();
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "13+").ignorable();
        public static final Field<List<Message>> PARTITION_RESPONSES = Field.structArray("PartitionResponses", "0+", PartitionProduceResponse.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("TopicProduceResponse", NAME, TOPIC_ID, PARTITION_RESPONSES);

        private TopicProduceResponse() {
        }
    }

    /** The NodeEndpoint struct. */
    public static final class NodeEndpoint {
        public static final Field<Integer> NODE_ID = Field.int32("NodeId", "10+");
        public static final Field<String> HOST = Field.string("Host", "10+");
        public static final Field<Integer> PORT = Field.int32("Port", "10+");
        public static final Field<String> RACK = Field.string("Rack", "10+").nullable("10+").withDefault(null);
        public static final StructSchema SCHEMA = StructSchema.of("NodeEndpoint", NODE_ID, HOST, PORT, RACK);

        private NodeEndpoint() {
        }
    }

    public static final Field<List<Message>> RESPONSES = Field.structArray("Responses", "0+", TopicProduceResponse.SCHEMA);
    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "1+").withDefault(0)
            .ignorable();
    public static final Field<List<Message>> NODE_ENDPOINTS = Field.structArray("NodeEndpoints", "10+", NodeEndpoint.SCHEMA).tagged("10+", 0);
    public static final MessageSchema SCHEMA = MessageSchema.response("ProduceResponse", 0, "3-13", "9+",
            RESPONSES, THROTTLE_TIME_MS, NODE_ENDPOINTS);

    private ProduceResponse() {
    }
}
