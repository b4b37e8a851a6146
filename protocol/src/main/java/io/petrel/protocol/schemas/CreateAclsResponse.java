package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's CreateAcls API (key 30), versions 1-3, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class CreateAclsResponse {
    /** The AclCreationResult struct. */
    public static final class AclCreationResult {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+")
                .withDefault(null);
        public static final StructSchema SCHEMA = StructSchema.of("AclCreationResult", ERROR_CODE, ERROR_MESSAGE);

        private AclCreationResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> RESULTS = Field.structArray("Results", "0+", AclCreationResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("CreateAclsResponse", 30, "1-3", "2+",
            THROTTLE_TIME_MS, RESULTS);

    private CreateAclsResponse() {
    }
}
