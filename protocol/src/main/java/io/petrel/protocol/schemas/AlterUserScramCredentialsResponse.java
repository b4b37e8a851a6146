package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's AlterUserScramCredentials API (key 51), versions 0, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class AlterUserScramCredentialsResponse {
    /** The AlterUserScramCredentialsResult struct. */
    public static final class AlterUserScramCredentialsResult {
        public static final Field<String> USER = Field.string("User", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("AlterUserScramCredentialsResult", USER, ERROR_CODE, ERROR_MESSAGE);

        private AlterUserScramCredentialsResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> RESULTS = Field.structArray("Results", "0+", AlterUserScramCredentialsResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("AlterUserScramCredentialsResponse", 51, "0", "0+",
            THROTTLE_TIME_MS, RESULTS);

    private AlterUserScramCredentialsResponse() {
    }
}
