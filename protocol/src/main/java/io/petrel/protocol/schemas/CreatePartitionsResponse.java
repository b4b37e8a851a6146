package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's CreatePartitions API (key 37), versions 0-3, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class CreatePartitionsResponse {
    /** The CreatePartitionsTopicResult struct. */
    public static final class CreatePartitionsTopicResult {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+")
                .withDefault(null);
        public static final StructSchema SCHEMA = StructSchema.of("CreatePartitionsTopicResult", NAME, ERROR_CODE, ERROR_MESSAGE);

        private CreatePartitionsTopicResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> RESULTS = Field.structArray("Results", "0+", CreatePartitionsTopicResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("CreatePartitionsResponse", 37, "0-3", "2+",
            THROTTLE_TIME_MS, RESULTS);

    private CreatePartitionsResponse() {
    }
}
