package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's IncrementalAlterConfigs API (key 44), versions 0-1, flexible from 1+.
 * ConfigOperation: 0 set, 1 delete, 2 append, 3 subtract.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class IncrementalAlterConfigsRequest {
    /** The AlterableConfig struct. */
    public static final class AlterableConfig {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<Byte> CONFIG_OPERATION = Field.int8("ConfigOperation", "0+");
        public static final Field<String> VALUE = Field.string("Value", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("AlterableConfig", NAME, CONFIG_OPERATION, VALUE);

        private AlterableConfig() {
        }
    }

    /** The AlterConfigsResource struct. */
    public static final class AlterConfigsResource {
        public static final Field<Byte> RESOURCE_TYPE = Field.int8("ResourceType", "0+");
        public static final Field<String> RESOURCE_NAME = Field.string("ResourceName", "0+");
        public static final Field<List<Message>> CONFIGS = Field.structArray("Configs", "0+", AlterableConfig.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("AlterConfigsResource", RESOURCE_TYPE, RESOURCE_NAME,
                CONFIGS);

        private AlterConfigsResource() {
        }
    }

    public static final Field<List<Message>> RESOURCES = Field.structArray("Resources", "0+", AlterConfigsResource.SCHEMA);
    public static final Field<Boolean> VALIDATE_ONLY = Field.bool("ValidateOnly", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("IncrementalAlterConfigsRequest", 44, "0-1", "1+",
            RESOURCES, VALIDATE_ONLY);

    private IncrementalAlterConfigsRequest() {
    }
}
