package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's DescribeConfigs API (key 32), versions 1-4, flexible from 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeConfigsRequest {
    /** The DescribeConfigsResource struct. */
    public static final class DescribeConfigsResource {
        public static final Field<Byte> RESOURCE_TYPE = Field.int8("ResourceType", "0+");
        public static final Field<String> RESOURCE_NAME = Field.string("ResourceName", "0+");
        public static final Field<List<String>> CONFIGURATION_KEYS = Field.<String>array("ConfigurationKeys", "0+", FieldType.STRING).nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("DescribeConfigsResource", RESOURCE_TYPE, RESOURCE_NAME, CONFIGURATION_KEYS);

        private DescribeConfigsResource() {
        }
    }

    public static final Field<List<Message>> RESOURCES = Field.structArray("Resources", "0+", DescribeConfigsResource.SCHEMA);
    public static final Field<Boolean> INCLUDE_SYNONYMS = Field.bool("IncludeSynonyms", "1+").withDefault(false);
    public static final Field<Boolean> INCLUDE_DOCUMENTATION = Field.bool("IncludeDocumentation", "3+")
            .withDefault(false);
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeConfigsRequest", 32, "1-4", "4+",
            RESOURCES, INCLUDE_SYNONYMS, INCLUDE_DOCUMENTATION);

    private DescribeConfigsRequest() {
    }
}
