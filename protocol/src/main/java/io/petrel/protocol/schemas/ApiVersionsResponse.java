package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's ApiVersions API (key 18), versions 0-4, flexible from 3+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ApiVersionsResponse {
    /** The ApiVersion struct. */
    public static final class ApiVersion {
        public static final Field<Short> API_KEY = Field.int16("ApiKey", "0+");
        public static final Field<Short> MIN_VERSION = Field.int16("MinVersion", "0+");
        public static final Field<Short> MAX_VERSION = Field.int16("MaxVersion", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("ApiVersion", API_KEY, MIN_VERSION, MAX_VERSION);

        private ApiVersion() {
        }
    }

    /** The SupportedFeatureKey struct. */
    public static final class SupportedFeatureKey {
        public static final Field<String> NAME = Field.string("Name", "3+");
        public static final Field<Short> MIN_VERSION = Field.int16("MinVersion", "3+");
        public static final Field<Short> MAX_VERSION = Field.int16("MaxVersion", "3+");
        public static final StructSchema SCHEMA = StructSchema.of("SupportedFeatureKey", NAME, MIN_VERSION, MAX_VERSION);

        private SupportedFeatureKey() {
        }
    }

    /** The FinalizedFeatureKey struct. */
    public static final class FinalizedFeatureKey {
        public static final Field<String> NAME = Field.string("Name", "3+");
        public static final Field<Short> MAX_VERSION_LEVEL = Field.int16("MaxVersionLevel", "3+");
        public static final Field<Short> MIN_VERSION_LEVEL = Field.int16("MinVersionLevel", "3+");
        public static final StructSchema SCHEMA = StructSchema.of("FinalizedFeatureKey", NAME, MAX_VERSION_LEVEL, MIN_VERSION_LEVEL);

        private FinalizedFeatureKey() {
        }
    }

    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<List<Message>> API_KEYS = Field.structArray("ApiKeys", "0+", ApiVersion.SCHEMA);
    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "1+").ignorable();
    public static final Field<List<Message>> SUPPORTED_FEATURES = Field.structArray("SupportedFeatures", "3+", SupportedFeatureKey.SCHEMA).tagged("3+", 0).ignorable();
    public static final Field<Long> FINALIZED_FEATURES_EPOCH = Field.int64("FinalizedFeaturesEpoch", "3+")
            .tagged("3+", 1).withDefault(-1L).ignorable();
    public static final Field<List<Message>> FINALIZED_FEATURES = Field.structArray("FinalizedFeatures", "3+", FinalizedFeatureKey.SCHEMA).tagged("3+", 2).ignorable();
    public static final Field<Boolean> ZK_MIGRATION_READY = Field.bool("ZkMigrationReady", "3+").tagged("3+", 3)
            .withDefault(false).ignorable();
    public static final MessageSchema SCHEMA = MessageSchema.response("ApiVersionsResponse", 18, "0-4", "3+",
            ERROR_CODE, API_KEYS, THROTTLE_TIME_MS, SUPPORTED_FEATURES, FINALIZED_FEATURES_EPOCH, FINALIZED_FEATURES, ZK_MIGRATION_READY);

    private ApiVersionsResponse() {
    }
}
