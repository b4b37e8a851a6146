package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DescribeConfigs API (key 32), versions 1-4, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeConfigsResponse {
    /** The DescribeConfigsSynonym struct. */
    public static final class DescribeConfigsSynonym {
        public static final Field<String> NAME = Field.string("Name", "1+");
        public static final Field<String> VALUE = Field.string("Value", "1+").nullable("0+");
        public static final Field<Byte> SOURCE = Field.int8("Source", "1+");
        public static final StructSchema SCHEMA = StructSchema.of("DescribeConfigsSynonym", NAME, VALUE, SOURCE);

        private DescribeConfigsSynonym() {
        }
    }

    /** The DescribeConfigsResourceResult struct. */
    public static final class DescribeConfigsResourceResult {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<String> VALUE = Field.string("Value", "0+").nullable("0+");
        public static final Field<Boolean> READ_ONLY = Field.bool("ReadOnly", "0+");
        public static final Field<Byte> CONFIG_SOURCE = Field.int8("ConfigSource", "1+").withDefault((byte) -1)
                .ignorable();
        public static final Field<Boolean> IS_SENSITIVE = Field.bool("IsSensitive", "0+");
        public static final Field<List<Message>> SYNONYMS = Field.structArray("Synonyms", "1+", DescribeConfigsSynonym.SCHEMA).ignorable();
        public static final Field<Byte> CONFIG_TYPE = Field.int8("ConfigType", "3+").withDefault((byte) 0).ignorable();
        public static final Field<String> DOCUMENTATION = Field.string("Documentation", "3+").nullable("0+")
                .ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("DescribeConfigsResourceResult", NAME, VALUE, READ_ONLY, CONFIG_SOURCE, IS_SENSITIVE, SYNONYMS, CONFIG_TYPE, DOCUMENTATION);

        private DescribeConfigsResourceResult() {
        }
    }

    /** The DescribeConfigsResult struct. */
    public static final class DescribeConfigsResult {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+");
        public static final Field<Byte> RESOURCE_TYPE = Field.int8("ResourceType", "0+");
        public static final Field<String> RESOURCE_NAME = Field.string("ResourceName", "0+");
        public static final Field<List<Message>> CONFIGS = Field.structArray("Configs", "0+", DescribeConfigsResourceResult.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("DescribeConfigsResult", ERROR_CODE, ERROR_MESSAGE, RESOURCE_TYPE, RESOURCE_NAME, CONFIGS);

        private DescribeConfigsResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> RESULTS = Field.structArray("Results", "0+", DescribeConfigsResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DescribeConfigsResponse", 32, "1-4", "4+",
            THROTTLE_TIME_MS, RESULTS);

    private DescribeConfigsResponse() {
    }
}
