package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's UpdateFeatures API (key 57), versions 0-2, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class UpdateFeaturesRequest {
    /** The FeatureUpdateKey struct. */
    public static final class FeatureUpdateKey {
        public static final Field<String> FEATURE = Field.string("Feature", "0+");
        public static final Field<Short> MAX_VERSION_LEVEL = Field.int16("MaxVersionLevel", "0+");
        public static final Field<Boolean> ALLOW_DOWNGRADE = Field.bool("AllowDowngrade", "0");
        public static final Field<Byte> UPGRADE_TYPE = Field.int8("UpgradeType", "1+").withDefault((byte) 1);
        public static final StructSchema SCHEMA = StructSchema.of("FeatureUpdateKey", FEATURE, MAX_VERSION_LEVEL, ALLOW_DOWNGRADE, UPGRADE_TYPE);

        private FeatureUpdateKey() {
        }
    }

    public static final Field<Integer> TIMEOUT_MS = Field.int32("timeoutMs", "0+").withDefault(60000);
    public static final Field<List<Message>> FEATURE_UPDATES = Field.structArray("FeatureUpdates", "0+", FeatureUpdateKey.SCHEMA);
    public static final Field<Boolean> VALIDATE_ONLY = Field.bool("ValidateOnly", "1+").withDefault(false);
    public static final MessageSchema SCHEMA = MessageSchema.request("UpdateFeaturesRequest", 57, "0-2", "0+",
            TIMEOUT_MS, FEATURE_UPDATES, VALIDATE_ONLY);

    private UpdateFeaturesRequest() {
    }
}
