package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's IncrementalAlterConfigs API (key 44), versions 0-1, flexible from 1+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class IncrementalAlterConfigsResponse {
    /** The AlterConfigsResourceResponse struct. */
    public static final class AlterConfigsResourceResponse {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
        public static final Field<Byte> RESOURCE_TYPE = Field.int8("ResourceType", "0+");
        public static final Field<String> RESOURCE_NAME = Field.string("ResourceName", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("AlterConfigsResourceResponse", ERROR_CODE,
                ERROR_MESSAGE, RESOURCE_TYPE, RESOURCE_NAME);

        private AlterConfigsResourceResponse() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> RESPONSES = Field.structArray("Responses", "0+",
            AlterConfigsResourceResponse.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("IncrementalAlterConfigsResponse", 44, "0-1", "1+",
            THROTTLE_TIME_MS, RESPONSES);

    private IncrementalAlterConfigsResponse() {
    }
}
