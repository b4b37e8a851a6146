package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DescribeUserScramCredentials API (key 50), versions 0, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeUserScramCredentialsResponse {
    /** The CredentialInfo struct. */
    public static final class CredentialInfo {
        public static final Field<Byte> MECHANISM = Field.int8("Mechanism", "0+");
        public static final Field<Integer> ITERATIONS = Field.int32("Iterations", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("CredentialInfo", MECHANISM, ITERATIONS);

        private CredentialInfo() {
        }
    }

    /** The DescribeUserScramCredentialsResult struct. */
    public static final class DescribeUserScramCredentialsResult {
        public static final Field<String> USER = Field.string("User", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
        public static final Field<List<Message>> CREDENTIAL_INFOS = Field.structArray("CredentialInfos", "0+", CredentialInfo.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("DescribeUserScramCredentialsResult", USER, ERROR_CODE, ERROR_MESSAGE, CREDENTIAL_INFOS);

        private DescribeUserScramCredentialsResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
    public static final Field<List<Message>> RESULTS = Field.structArray("Results", "0+", DescribeUserScramCredentialsResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DescribeUserScramCredentialsResponse", 50, "0", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, RESULTS);

    private DescribeUserScramCredentialsResponse() {
    }
}
