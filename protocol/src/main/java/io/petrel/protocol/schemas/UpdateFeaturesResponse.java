package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's UpdateFeatures API (key 57), versions 0-2, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class UpdateFeaturesResponse {
    /** The UpdatableFeatureResult struct. */
    public static final class UpdatableFeatureResult {
        public static final Field<String> FEATURE = Field.string("Feature", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("UpdatableFeatureResult", FEATURE, ERROR_CODE, ERROR_MESSAGE);

        private UpdatableFeatureResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
    public static final Field<List<Message>> RESULTS = Field.structArray("Results", "0-1", UpdatableFeatureResult.SCHEMA).ignorable();
    public static final MessageSchema SCHEMA = MessageSchema.response("UpdateFeaturesResponse", 57, "0-2", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, RESULTS);

    private UpdateFeaturesResponse() {
    }
}
